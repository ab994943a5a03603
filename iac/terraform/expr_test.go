package terraform

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"cloudward/iac"
)

// writeModule writes files (name → content) into a new temp dir.
func writeModule(t testing.TB, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// evalExpr evaluates one expression as the argument v of a resource.
func evalExpr(t *testing.T, prelude, expr string) (any, []iac.Diagnostic) {
	t.Helper()
	dir := writeModule(t, map[string]string{
		"main.tf":   prelude + "\nresource \"test_thing\" \"t\" {\n  v = " + expr + "\n}\n",
		"hello.txt": "hello world",
	})
	rs, ds := Load(dir, Options{})
	for _, r := range rs {
		if r.Address == "test_thing.t" {
			return r.Attrs["v"], ds
		}
	}
	t.Fatalf("no resource test_thing.t; diags %v", ds)
	return nil, nil
}

const exprPrelude = `
variable "unset" {}
variable "list" {
  default = ["b", "a", "c", "a"]
}
variable "obj" {
  default = { name = "x", size = 3, nested = { deep = true } }
}
locals {
  m = { a = 1, b = 2 }
  nums = [3, 1, 2]
}
resource "test_dep" "d" {
  name = "dep-name"
}
resource "test_many" "m" {
  count = 3
  name  = "many-${count.index}"
}
`

func TestExpressions(t *testing.T) {
	u := func(sub string) any { return unknownSub(sub) }
	cases := []struct {
		expr string
		want any
	}{
		// literals and numbers
		{`"s"`, "s"},
		{`42`, int64(42)},
		{`1.5`, 1.5},
		{`7 / 2`, 3.5},
		{`10 % 4`, int64(2)},
		{`-3`, int64(-3)},
		{`true && !false`, true},
		{`null`, nil},
		{`[1, "a", true]`, []any{int64(1), "a", true}},
		{`{ a = 1, "b-c" = [2] }`, map[string]any{"a": int64(1), "b-c": []any{int64(2)}}},
		// templates and heredocs
		{`"x-${var.obj.name}-${local.m.b}"`, "x-x-2"},
		{`"%{ for s in var.list }${s};%{ endfor }"`, "b;a;c;a;"},
		{`"%{ if var.obj.nested.deep }yes%{ else }no%{ endif }"`, "yes"},
		{"<<EOT\nline ${var.obj.size}\nEOT", "line 3\n"},
		{"<<-EOT\n    indented\n      more\n    EOT", "indented\n  more\n"},
		// conditionals, for expressions, splats, index
		{`var.obj.size > 2 ? "big" : "small"`, "big"},
		{`[for s in var.list : upper(s) if s != "a"]`, []any{"B", "C"}},
		{`{ for k, v in local.m : k => v * 10 }`, map[string]any{"a": int64(10), "b": int64(20)}},
		{`{ for s in var.list : s => s... }`, map[string]any{"a": []any{"a", "a"}, "b": []any{"b"}, "c": []any{"c"}}},
		{`test_many.m[*].name`, []any{"many-0", "many-1", "many-2"}},
		{`test_many.m[1].name`, "many-1"},
		{`[for x in test_many.m : x.name][2]`, "many-2"},
		{`var.list[1]`, "a"},
		{`local.m["b"]`, int64(2)},
		{`var.obj["nested"].deep`, true},
		{`test_dep.d.name`, "dep-name"},
		{`test_dep.d.id`, u("test_dep.d.id is known only after apply")},
		{`test_many.m[0].arn`, u("test_many.m[0].arn is known only after apply")},
		{`test_many.m[*].id`, []any{u("test_many.m[0].id"), u("test_many.m[1].id"), u("test_many.m[2].id")}},
		{`path.module`, "."},
		{`path.root`, "."},
		{`terraform.workspace`, "default"},
		// unknown propagation
		{`var.unset`, u("variable unset has no value")},
		{`"prefix-${var.unset}"`, u("variable unset has no value")},
		{`upper(var.unset)`, u("variable unset has no value")},
		{`var.unset == "x" ? 1 : 2`, u("variable unset has no value")},
		{`[for s in var.unset : s]`, u("variable unset has no value")},
		{`length(var.unset)`, u("variable unset has no value")},
		{`merge(local.m, { c = test_dep.d.id })`, map[string]any{"a": int64(1), "b": int64(2), "c": u("test_dep.d.id")}},
		{`jsonencode({ id = test_dep.d.id })`, u("test_dep.d.id is known only after apply")},
		{`timestamp()`, u("timestamp() is known only after apply")},
		{`uuid()`, u("uuid() is known only after apply")},
		{`nosuchfunc(1)`, u("function nosuchfunc is not supported")},
		{`provider::aws::arn_parse("x")`, u("function provider::aws::arn_parse is not supported")},
		// functions
		{`jsonencode({ b = [1, true], a = "x" })`, `{"a":"x","b":[1,true]}`},
		{`jsondecode("{\"a\": [1, 2.5, null]}")`, map[string]any{"a": []any{int64(1), 2.5, nil}}},
		{`yamldecode("a: 1\nb: [x, y]\nc: true\n")`, map[string]any{"a": int64(1), "b": []any{"x", "y"}, "c": true}},
		{`yamlencode({ b = [1, 2], a = "x", c = [{ d = true }] })`, "\"a\": \"x\"\n\"b\":\n- 1\n- 2\n\"c\":\n- \"d\": true\n"},
		{`merge({ a = 1 }, { b = 2 }, { a = 3 })`, map[string]any{"a": int64(3), "b": int64(2)}},
		{`concat([1], [2, 3])`, []any{int64(1), int64(2), int64(3)}},
		{`lookup(local.m, "b", 0)`, int64(2)},
		{`lookup(local.m, "z", 0)`, int64(0)},
		{`element(var.list, 5)`, "a"},
		{`length(var.list)`, int64(4)},
		{`length("héllo")`, int64(5)},
		{`length(local.m)`, int64(2)},
		{`keys(local.m)`, []any{"a", "b"}},
		{`values(local.m)`, []any{int64(1), int64(2)}},
		{`lower("ABC")`, "abc"},
		{`upper("abc")`, "ABC"},
		{`format("%s-%03d", "a", 7)`, "a-007"},
		{`formatlist("%s!", ["a", "b"])`, []any{"a!", "b!"}},
		{`join(",", var.list)`, "b,a,c,a"},
		{`split(",", "a,b")`, []any{"a", "b"}},
		{`replace("a-b-c", "-", "_")`, "a_b_c"},
		{`replace("a1b22", "/[0-9]+/", "#")`, "a#b#"},
		{`regex("v([0-9]+)", "ver v12")`, []any{"12"}},
		{`regexall("[0-9]", "a1b2")`, []any{"1", "2"}},
		{`contains(var.list, "c")`, true},
		{`distinct(var.list)`, []any{"b", "a", "c"}},
		{`flatten([[1], [2, [3]]])`, []any{int64(1), int64(2), int64(3)}},
		{`coalesce("", null, "x")`, "x"},
		{`coalescelist([], [1])`, []any{int64(1)}},
		{`compact(["a", "", null, "b"])`, []any{"a", "b"}},
		{`tostring(12)`, "12"},
		{`tonumber("3.25")`, 3.25},
		{`tobool("true")`, true},
		{`tolist(["a", "b"])`, []any{"a", "b"}},
		{`toset(["b", "a", "b"])`, []any{"a", "b"}},
		{`tomap({ a = "x" })`, map[string]any{"a": "x"}},
		{`try(var.obj.missing, "fallback")`, "fallback"},
		{`try(var.obj.name, "fallback")`, "x"},
		{`can(var.obj.missing)`, false},
		{`can(var.obj.name)`, true},
		{`min(3, 1, 2)`, int64(1)},
		{`max(local.nums...)`, int64(3)},
		{`abs(-4)`, int64(4)},
		{`ceil(1.2)`, int64(2)},
		{`floor(1.8)`, int64(1)},
		{`range(3)`, []any{int64(0), int64(1), int64(2)}},
		{`range(1, 10, 4)`, []any{int64(1), int64(5), int64(9)}},
		{`zipmap(["a", "b"], [1, 2])`, map[string]any{"a": int64(1), "b": int64(2)}},
		{`base64encode("hi")`, "aGk="},
		{`base64decode("aGk=")`, "hi"},
		{`cidrsubnet("10.0.0.0/16", 8, 2)`, "10.0.2.0/24"},
		{`cidrsubnet("fd00::/56", 8, 3)`, "fd00:0:0:3::/64"},
		{`cidrhost("10.0.1.0/24", 5)`, "10.0.1.5"},
		{`cidrhost("10.0.1.0/24", -2)`, "10.0.1.254"},
		{`cidrnetmask("10.0.0.0/12")`, "255.240.0.0"},
		{`cidrsubnets("10.1.0.0/16", 4, 4, 8, 4)`, []any{"10.1.0.0/20", "10.1.16.0/20", "10.1.32.0/24", "10.1.48.0/20"}},
		{`file("${path.module}/hello.txt")`, "hello world"},
		{`fileexists("${path.module}/hello.txt")`, true},
		{`fileexists("nope.txt")`, false},
		{`md5("abc")`, "900150983cd24fb0d6963f7d28e17f72"},
		{`sha256("abc")`, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
		{`base64sha256("abc")`, "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0="},
		{`index(var.list, "c")`, int64(2)},
		{`sum([1, 2, 3.5])`, 6.5},
		{`one(["x"])`, "x"},
		{`one([])`, nil},
		{`alltrue([true, true])`, true},
		{`anytrue([false, true])`, true},
		{`startswith("hello", "he")`, true},
		{`endswith("hello", "lo")`, true},
		{`strcontains("hello", "ell")`, true},
		{`title("hello world")`, "Hello World"},
		{`trimspace("  x ")`, "x"},
		{`trimprefix("abc", "a")`, "bc"},
		{`substr("hello", 1, 3)`, "ell"},
		{`reverse([1, 2])`, []any{int64(2), int64(1)}},
		{`sort(["b", "a"])`, []any{"a", "b"}},
		{`slice([1, 2, 3], 1, 3)`, []any{int64(2), int64(3)}},
		{`setproduct(["a"], [1, 2])`, []any{[]any{"a", int64(1)}, []any{"a", int64(2)}}},
		{`chunklist([1, 2, 3], 2)`, []any{[]any{int64(1), int64(2)}, []any{int64(3)}}},
		{`transpose({ a = ["1", "2"], b = ["2"] })`, map[string]any{"1": []any{"a"}, "2": []any{"a", "b"}}},
		{`urlencode("a b&c")`, "a+b%26c"},
		{`parseint("ff", 16)`, int64(255)},
		{`pow(2, 10)`, int64(1024)},
		{`signum(-5)`, int64(-1)},
		{`indent(2, "a\nb")`, "a\n  b"},
		{`chomp("x\n")`, "x"},
		{`strrev("abc")`, "cba"},
		{`uuidv5("dns", "example.com")`, "cfbff0d1-9375-5685-968c-48ce8b15ae17"},
		{`templatestring("Hi $${name}", { name = "Bob" })`, "Hi Bob"},
		{`formatdate("YYYY-MM-DD", "2024-02-03T04:05:06Z")`, "2024-02-03"},
		{`timeadd("2024-01-01T00:00:00Z", "1h")`, "2024-01-01T01:00:00Z"},
		{`matchkeys(["a", "b"], ["x", "y"], ["y"])`, []any{"b"}},
		{`sensitive("s")`, "s"},
		{`nonsensitive("s")`, "s"},
		{`setunion(["a"], ["b"])`, []any{"a", "b"}},
		{`textencodebase64("hi", "UTF-16LE")`, "aABpAA=="},
	}
	for _, c := range cases {
		t.Run(c.expr, func(t *testing.T) {
			got, ds := evalExpr(t, exprPrelude, c.expr)
			if !matches(c.want, got) {
				t.Errorf("%s:\n want %#v\n got  %#v\ndiags: %v", c.expr, c.want, got, ds)
			}
		})
	}
}

// unknownSub is an expected Unknown whose reason contains a substring.
type unknownSub string

// matches compares a value with an expectation in which unknownSub
// matches an iac.Unknown whose reason contains it.
func matches(want, got any) bool {
	switch w := want.(type) {
	case unknownSub:
		u, ok := got.(iac.Unknown)
		return ok && strings.Contains(u.Reason, string(w))
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			return false
		}
		for i := range w {
			if !matches(w[i], g[i]) {
				return false
			}
		}
		return true
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok || len(g) != len(w) {
			return false
		}
		for k := range w {
			if !matches(w[k], g[k]) {
				return false
			}
		}
		return true
	}
	return cmp.Equal(want, got)
}
