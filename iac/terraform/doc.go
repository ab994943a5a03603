// Package terraform reads Terraform configuration (HCL native syntax and
// JSON) and returns the managed resource instances terraform plan would
// create, with their arguments evaluated as far as they are known
// statically, as iac.Resources.
//
// Load evaluates a root module the way Terraform does:
//
//   - every *.tf and *.tf.json file of a module directory is parsed (in
//     parallel); override.tf and *_override.tf files are merged into the
//     blocks they override (native syntax only);
//   - root variables take, from lowest to highest precedence, their
//     default, TF_VAR_ values (Options.Env), terraform.tfvars,
//     terraform.tfvars.json, *.auto.tfvars(.json) in lexical order,
//     Options.VarFiles in order, then Options.Vars; type constraints
//     (with optional attributes and their defaults) convert the values;
//   - locals, outputs, variables, resources and module calls are evaluated
//     lazily in any order, and reference cycles are reported;
//   - count and for_each expand resources and module calls into instances
//     (aws_instance.web[0], aws_subnet.this["a"], module.app["eu"].module.db.x);
//     count.index, each.key and each.value are available; when count or
//     for_each cannot be known statically, one representative instance is
//     returned under the address without an index, with count.index or
//     each.* unknown, and a warning says so;
//   - dynamic blocks (for_each, iterator, content, nested dynamic blocks)
//     are expanded; meta-arguments (count, for_each, provider, depends_on,
//     lifecycle, provisioner, connection) are not part of Attrs;
//   - all HCL expressions are evaluated, with references to var., local.,
//     module.<name>.<output>, count., each., path.module / path.root /
//     path.cwd, terraform.workspace and other resources: an attribute set
//     in the referenced resource's configuration resolves to its value,
//     one that is not is iac.Unknown "<address>.<attr> is known only after
//     apply"; data sources and ephemeral resources are Unknown;
//   - Terraform's built-in functions are implemented, except issensitive
//     and type (and removed ones such as list and map); timestamp, uuid,
//     bcrypt, plantimestamp and rsadecrypt are Unknown; file functions
//     resolve relative paths against the root module directory, as
//     terraform does from its working directory (path.module is relative
//     to it, so "${path.module}/x" works in any module); an unsupported or
//     unknown function (including provider-defined provider::x::y ones)
//     makes the value Unknown and is reported once as a warning;
//   - local module sources (./ and ../) are loaded recursively; other
//     sources are read from the copy terraform init made, found through
//     .terraform/modules/modules.json; when there is none, a warning says
//     so and the module's resources are skipped;
//   - Resource.Region is the region argument of the resource's provider
//     configuration (the default configuration, an aliased one chosen with
//     provider =, one passed to a module with providers = {...}, or the
//     caller's default configuration, inherited), when known; an AWS
//     provider 6 resource-level region argument overrides it.
//     Resource.Account is set when allowed_account_ids lists exactly one
//     account.
//
// Values in Attrs are nil, bool, int64, float64, string, []any,
// map[string]any and iac.Unknown. An Unknown's reason names what the
// value depends on: reasons travel with values through operators,
// conditionals, templates, for expressions and function calls as cty
// marks; a value built from several unknowns lists up to three reasons.
//
// Nested blocks become maps, or lists of maps. A block type is a list
// when it is one that holds several items in common providers (ingress,
// egress, rule, statement, ebs_block_device, lifecycle_rule, … — see
// repeatedBlocks), or when it appears more than once in one body of any
// instance of the same resource type in the scan; then it is a list in
// every instance of that type. AttrRanges use the same shape:
// "versioning_configuration.status", "ingress[1].cidr_blocks". A dynamic
// block whose for_each is unknown becomes an Unknown element of the
// list (or the whole value, when nothing else is known about that block
// type). In JSON files there is no schema to tell blocks from arguments,
// so nested objects are taken as they are written, except that a single
// object for a block type of the list above becomes a list of one.
//
// References to other resources see nested blocks as lists of objects,
// as Terraform shows most nested blocks (aws_instance.x.root_block_device[0]).
//
// Diagnostics: syntax errors (with file, line and column) skip the file
// and are errors; so are configurations terraform would reject (cycles,
// undeclared references, invalid count or for_each, values that do not
// match a variable's type). Limits of static analysis (unknown count,
// unsupported function, module not downloaded, root variable without a
// value) are warnings. Load never panics.
//
// Not supported: provider-defined functions, check blocks, moved/import/
// removed blocks (ignored), validation and precondition blocks, provider
// schemas (optional-with-default arguments that are not set are absent,
// not given their provider default), sensitive values (shown like any
// other), module sources other than local paths and downloaded copies,
// and the JSON syntax for override files.
package terraform
