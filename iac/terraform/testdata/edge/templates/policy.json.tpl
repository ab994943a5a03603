{
  "bucket": "${bucket}",
  "admins": [%{ for i, a in admins }"${a}"%{ if i < length(admins) - 1 }, %{ endif }%{ endfor }]
}
