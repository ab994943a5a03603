package arm

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"cloudward/iac"
	"cloudward/iac/internal/jsonpos"
)

const exprTemplate = `{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "parameters": {
    "name": { "type": "string", "defaultValue": "Web" },
    "list": { "type": "array", "defaultValue": [ "a", "b", "c" ] },
    "obj": { "type": "object", "defaultValue": { "one": "a", "two": { "x": 1, "y": [ 1, 2 ] }, "Mixed": true } },
    "noDefault": { "type": "string" },
    "flag": { "type": "bool", "defaultValue": false }
  },
  "variables": {
    "prefix": "[concat('st', toLower(parameters('name')))]",
    "self": "[variables('self')]"
  },
  "functions": [ { "namespace": "acme", "members": {
    "twice": { "parameters": [ { "name": "v", "type": "int" } ], "output": { "type": "int", "value": "[mul(parameters('v'), 2)]" } },
    "loop": { "parameters": [], "output": { "type": "int", "value": "[acme.loop()]" } }
  } } ]
}`

// evalString evaluates one JSON string value in the context of
// exprTemplate.
func evalString(t *testing.T, s string, render bool) (any, []iac.Diagnostic) {
	t.Helper()
	root, jerr := jsonpos.Parse([]byte(exprTemplate), true)
	if jerr != nil {
		t.Fatal(jerr)
	}
	sk := newSink("t.json")
	ev := newEvaluator("t.json", sk, root, map[string]any{}, 0)
	v := ev.str(&jsonpos.Node{Kind: jsonpos.String, Str: s, Line: 7, Col: 3}, &scope{render: render})
	return v, sk.diags
}

func TestExpressions(t *testing.T) {
	deploy := func(fn string) unknownPrefix { return unknownPrefix(fn + "() is known only at deployment") }
	noDefault := unknownPrefix(`parameter "noDefault" has no default value`)
	tests := []struct {
		expr string
		want any    // value, or unknownPrefix
		warn string // expected warning (prefix), "" for none
	}{
		// Literals and escapes.
		{"plain text", "plain text", ""},
		{"[[not an expression]", "[not an expression]", ""},
		{"[x", "[x", ""},
		{"['it''s']", "it's", ""},
		{"[ concat ( 'a' , 'b' ) ]", "ab", ""},
		{"[-5]", int64(-5), ""},
		{"[true]", true, ""},

		// Parameters, variables, user-defined functions.
		{"[parameters('NAME')]", "Web", ""},
		{"[variables('prefix')]", "stweb", ""},
		{"[parameters('noDefault')]", noDefault, ""},
		{"[acme.twice(21)]", int64(42), ""},

		// Strings.
		{"[concat('a', 'b', 1, true)]", "ab1True", ""},
		{"[concat(parameters('list'), createArray('d'))]", []any{"a", "b", "c", "d"}, ""},
		{"[format('{0}-{1:D3}-{2}', 'x', 7, true)]", "x-007-True", ""},
		{"[format('{{lit}} {0,5}|{0,-5}|', 'ab')]", "{lit}    ab|ab   |", ""},
		{"[format('{0:N0} {1:X4} {2:F1}', 1234567, 255, 2)]", "1,234,567 00FF 2.0", ""},
		{"[toUpper(parameters('name'))]", "WEB", ""},
		{"[toLower('ÄB')]", "äb", ""},
		{"[trim('  x ')]", "x", ""},
		{"[string(parameters('obj').two)]", `{"x":1,"y":[1,2]}`, ""},
		{"[string(true)]", "True", ""},
		{"[string(12)]", "12", ""},
		{"[int(' 42 ')]", int64(42), ""},
		{"[bool('TRUE')]", true, ""},
		{"[bool(0)]", false, ""},
		{"[split('a,b;c', createArray(',', ';'))]", []any{"a", "b", "c"}, ""},
		{"[split('a--b', '-')]", []any{"a", "", "b"}, ""},
		{"[replace('a-b-c', '-', '_')]", "a_b_c", ""},
		{"[substring('hello', 1, 3)]", "ell", ""},
		{"[indexOf('Hello', 'L')]", int64(2), ""},
		{"[lastIndexOf('Hello', 'l')]", int64(3), ""},
		{"[indexOf(parameters('list'), 'c')]", int64(2), ""},
		{"[startsWith('Hello', 'he')]", true, ""},
		{"[endsWith('Hello', 'LO')]", true, ""},
		{"[padLeft(7, 3, '0')]", "007", ""},
		{"[base64ToString(base64('hi there'))]", "hi there", ""},
		{"[base64ToJson(base64('{\"a\":1}')).a]", int64(1), ""},
		{"[uriComponent('a b/c')]", "a%20b%2Fc", ""},
		{"[uriComponentToString('a%20b%2Fc')]", "a b/c", ""},
		{"[length('héllo😀')]", int64(7), ""},
		{"[first('xyz')]", "x", ""},
		{"[last('xyz')]", "z", ""},

		// Logic and comparison.
		{"[if(parameters('flag'), 'yes', 'no')]", "no", ""},
		{"[if(equals(parameters('noDefault'), 'x'), 1, 1)]", int64(1), ""},
		{"[if(equals(parameters('noDefault'), 'x'), 1, 2)]", noDefault, ""},
		{"[and(false, equals(parameters('noDefault'), 'x'))]", false, ""},
		{"[or(equals(parameters('noDefault'), 'x'), true)]", true, ""},
		{"[and(true, equals(parameters('noDefault'), 'x'))]", noDefault, ""},
		{"[not(empty(parameters('list')))]", true, ""},
		{"[equals('a', 'A')]", false, ""},
		{"[equals(1, json('1.0'))]", true, ""},
		{"[equals(parameters('obj'), json('{\"one\":\"a\",\"two\":{\"x\":1,\"y\":[1,2]},\"Mixed\":true}'))]", true, ""},
		{"[equals(createArray(1, parameters('noDefault')), createArray(2, 'x'))]", false, ""},
		{"[equals(createArray(1, parameters('noDefault')), createArray(1, 'x'))]", noDefault, ""},
		{"[less(1, 2)]", true, ""},
		{"[greater('A', 'a')]", true, ""},
		{"[greaterOrEquals('b', 'B')]", false, ""},
		{"[lessOrEquals('abc', 'ABD')]", true, ""},
		{"[coalesce(null(), null(), 'x')]", "x", ""},
		{"[coalesce(null(), parameters('noDefault'), 'x')]", noDefault, ""},

		// Arrays and objects.
		{"[empty('')]", true, ""},
		{"[empty(json('{}'))]", true, ""},
		{"[empty(null())]", true, ""},
		{"[contains(parameters('obj'), 'ONE')]", true, ""},
		{"[contains('OneTwo', 'one')]", false, ""},
		{"[contains(parameters('list'), 'b')]", true, ""},
		{"[contains(createArray('a', parameters('noDefault')), 'a')]", true, ""},
		{"[contains(createArray('a', parameters('noDefault')), 'z')]", unknownPrefix("the array holds values not known"), ""},
		{"[length(createArray(1, parameters('noDefault')))]", int64(2), ""},
		{"[createArray(1, parameters('noDefault'))]", []any{int64(1), iac.Unknown{Reason: `parameter "noDefault" has no default value and no value was given (pass a parameters file)`}}, ""},
		{"[union(parameters('obj'), json('{\"two\":{\"y\":[3]},\"three\":3}'))]",
			map[string]any{"one": "a", "two": map[string]any{"x": int64(1), "y": []any{int64(3)}}, "Mixed": true, "three": int64(3)}, ""},
		{"[union(createArray(1, 2), createArray(2, 3))]", []any{int64(1), int64(2), int64(3)}, ""},
		{"[intersection(createArray(1, 2, 3), createArray(3, 2))]", []any{int64(2), int64(3)}, ""},
		{"[createObject('a', 1, 'b', createArray())]", map[string]any{"a": int64(1), "b": []any{}}, ""},
		{"[json('{\"a\": [1, 2.5, null]}').a]", []any{int64(1), 2.5, nil}, ""},
		{"[parameters('obj').two.y[1]]", int64(2), ""},
		{"[parameters('obj')['one']]", "a", ""},
		{"[parameters('obj').mixed]", true, ""},
		{"[parameters('list')[add(1, 1)]]", "c", ""},
		{"[array('x')]", []any{"x"}, ""},
		{"[first(parameters('list'))]", "a", ""},
		{"[skip(parameters('list'), 1)]", []any{"b", "c"}, ""},
		{"[take(parameters('list'), 5)]", []any{"a", "b", "c"}, ""},
		{"[min(3, 1, 2)]", int64(1), ""},
		{"[max(createArray(3, 9))]", int64(9), ""},
		{"[range(5, 3)]", []any{int64(5), int64(6), int64(7)}, ""},
		{"[items(json('{\"b\":2,\"a\":1}'))]", []any{map[string]any{"key": "a", "value": int64(1)}, map[string]any{"key": "b", "value": int64(2)}}, ""},
		{"[tryGet(parameters('obj'), 'two', 'x')]", int64(1), ""},
		{"[tryGet(parameters('obj'), 'nope')]", nil, ""},
		{"[join(createArray('a', 'b'), '-')]", "a-b", ""},
		{"[flatten(createArray(createArray(1), createArray(2, 3)))]", []any{int64(1), int64(2), int64(3)}, ""},
		{"[shallowMerge(createArray(json('{\"a\":1}'), json('{\"b\":2}')))]", map[string]any{"a": int64(1), "b": int64(2)}, ""},

		// Numbers.
		{"[mod(7, 3)]", int64(1), ""},
		{"[div(7, 2)]", int64(3), ""},
		{"[sub(1, 5)]", int64(-4), ""},
		{"[mul(-2, 3)]", int64(-6), ""},

		// Known only at deployment: Unknown, no warning.
		{"[uniqueString(resourceGroup().id)]", deploy("uniqueString"), ""},
		{"[resourceGroup().location]", deploy("resourceGroup"), ""},
		{"[reference('x').properties.y]", deploy("reference"), ""},
		{"[listKeys(resourceId('Microsoft.Storage/storageAccounts', 'st'), '2023-01-01').keys[0].value]", deploy("listKeys"), ""},
		{"[concat('st', uniqueString(resourceGroup().id))]", deploy("uniqueString"), ""},
		{"[resourceId('Microsoft.Network/virtualNetworks', 'vnet')]", unknownPrefix("resource ID of providers/Microsoft.Network/virtualNetworks/vnet depends on the deployment's subscription and resource group"), ""},
		{"[resourceId('00000000-0000-0000-0000-000000000001', 'rg-app', 'Microsoft.Network/virtualNetworks/subnets', 'vnet', 'snet')]",
			"/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-app/providers/Microsoft.Network/virtualNetworks/vnet/subnets/snet", ""},
		{"[tenantResourceId('Microsoft.Authorization/policyDefinitions', 'p1')]", "/providers/Microsoft.Authorization/policyDefinitions/p1", ""},
		{"[extensionResourceId('/subscriptions/s/resourceGroups/r', 'Microsoft.Authorization/locks', 'lock')]", "/subscriptions/s/resourceGroups/r/providers/Microsoft.Authorization/locks/lock", ""},

		// Problems: a warning, and an Unknown value.
		{"[copyIndex()]", unknownPrefix("copyIndex() is used outside"), "t.json:7:3: copyIndex() is used outside a resource copy loop in expression; the value is treated as unknown"},
		{"[copyIndex('x')]", unknownPrefix("copyIndex('x') is used outside"), "copyIndex('x') is used outside the copy loop of that name"},
		{"[parameters('missing')]", unknownPrefix(`parameter "missing" is not declared`), `parameter "missing" is not declared`},
		{"[variables('self')]", unknownPrefix(`"self" refers to itself`), `"self" refers to itself`},
		{"[acme.loop()]", unknownPrefix("user-defined functions nested deeper"), "user-defined functions nested deeper than 32 calls"},
		{"[acme.nope()]", unknownPrefix("user-defined function acme.nope() is not declared"), "user-defined function acme.nope() is not declared"},
		{"[foo(1)]", unknownPrefix("unknown template function foo()"), "unknown template function foo()"},
		{"[filter(parameters('list'), lambda('x', true()))]", unknownPrefix("template function filter() is not supported"), "template function filter() is not supported by cloudward"},
		{"[concat('a'", "[concat('a'", ""},
		{"[concat('a']", unknownPrefix("invalid template expression"), "invalid template expression [concat('a']: expected ')' to close the call opened at character 7 (at character 11)"},
		{"[concat('a', )]", unknownPrefix("invalid template expression"), "invalid template expression [concat('a', )]: unexpected ')'"},
		{"[]", unknownPrefix("invalid template expression"), "invalid template expression []: empty expression"},
		{"[parameters]", unknownPrefix("invalid template expression"), `invalid template expression [parameters]: expected '(' after function name "parameters"`},
		{"['open]", unknownPrefix("invalid template expression"), "invalid template expression ['open]: unterminated string literal"},
		{"[parameters('obj').missing]", unknownPrefix(`property "missing" does not exist`), `property "missing" does not exist on the object`},
		{"[parameters('list')[5]]", unknownPrefix("index 5 is out of range"), "index 5 is out of range for an array of 3 elements"},
		{"[parameters('name').x]", unknownPrefix(`cannot read property "x" of a string`), `cannot read property "x" of a string`},
		{"[toLower(1)]", unknownPrefix("toLower() needs a string"), "toLower() needs a string, not an integer"},
		{"[div(1, 0)]", unknownPrefix("div() by zero"), "div() by zero"},
		{"[format('{0:Q}', 1)]", unknownPrefix("format specifier"), `format specifier "Q" is not supported for an integer`},
		{"[format('{1}', 1)]", unknownPrefix("format item {1} refers to a missing argument"), "format item {1} refers to a missing argument"},
		{"[dateTimeAdd(utcNow(), 'P1D')]", unknownPrefix("template function dateTimeAdd() is not supported"), "template function dateTimeAdd() is not supported"},
		{"[not('x')]", unknownPrefix("not() needs a boolean"), "not() needs a boolean, not a string"},
		{"[equals(1)]", unknownPrefix("equals() takes 2 arguments, got 1"), "equals() takes 2 arguments, got 1"},
		{"[greater('a-b', 'c')]", unknownPrefix("greater() can compare"), "greater() can compare two integers or two plain alphanumeric strings"},
		{"[json('{')]", unknownPrefix("json() argument is not valid JSON"), "json() argument is not valid JSON"},
		{"[range(0, 10001)]", unknownPrefix("range() count 10001 is outside"), "range() count 10001 is outside 0..10000"},
		{"[substring('abc', 2, 5)]", unknownPrefix("substring(start 2, length 5) is out of range"), "substring(start 2, length 5) is out of range"},
	}
	for _, tt := range tests {
		t.Run(tt.expr, func(t *testing.T) {
			got, diags := evalString(t, tt.expr, false)
			if p, ok := tt.want.(unknownPrefix); ok {
				u, isU := got.(iac.Unknown)
				if !isU || !strings.HasPrefix(u.Reason, string(p)) {
					t.Errorf("got %#v, want unknown %q...", got, p)
				}
			} else if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
			switch {
			case tt.warn == "" && len(diags) > 0:
				t.Errorf("unexpected diagnostics %v", diags)
			case tt.warn != "":
				if len(diags) != 1 {
					t.Fatalf("diagnostics %v, want one warning %q", diags, tt.warn)
				}
				d := diags[0]
				// Problems inside a variable or function definition are
				// reported there.
				line, col := 7, 3
				if at, ok := map[string][2]int{"[variables('self')]": {12, 13}, "[acme.loop()]": {16, 69}}[tt.expr]; ok {
					line, col = at[0], at[1]
				}
				msg := d.Message
				if strings.HasPrefix(tt.warn, "t.json:") {
					msg = d.Error()
				}
				if d.Severity != iac.SeverityWarning || d.Line != line || d.Column != col || !strings.HasPrefix(msg, tt.warn) {
					t.Errorf("diagnostic %v, want warning at %d:%d %q", d, line, col, tt.warn)
				}
			}
		})
	}
}

// Names are rendered for addresses with "{unknown}" for what is unknown.
func TestRenderNames(t *testing.T) {
	tests := []struct{ expr, want string }{
		{"[concat('st', uniqueString(resourceGroup().id))]", "st{unknown}"},
		{"[toLower(concat('ST', parameters('noDefault'), '-x'))]", "st{unknown}-x"},
		{"[format('{0}-{1}', 'a', reference('x').y)]", "a-{unknown}"},
		{"[if(equals(parameters('noDefault'), 'x'), 'a', 'b')]", "{unknown}"},
		{"[guid(resourceGroup().id)]", "{unknown}"},
		{"[concat(variables('prefix'), '-', string(parameters('noDefault')))]", "stweb-{unknown}"},
		{"plain", "plain"},
	}
	for _, tt := range tests {
		got, diags := evalString(t, tt.expr, true)
		if got != tt.want || len(diags) != 0 {
			t.Errorf("render %s = %#v (diagnostics %v), want %q", tt.expr, got, diags, tt.want)
		}
	}
}

func TestParseExprString(t *testing.T) {
	tests := []struct{ in, want string }{
		{"concat( 'a','b' )", "concat('a', 'b')"},
		{"parameters('x').y[0]['z']", "parameters('x').y[0]['z']"},
		{"ns.fn(1, -2, true, null)", "ns.fn(1, -2, true, null)"},
		{"'it''s'", "'it''s'"},
		{"a().b-c", "a().b-c"},
	}
	for _, tt := range tests {
		e, err := parseExpr(tt.in)
		if err != nil {
			t.Errorf("parseExpr(%q): %v", tt.in, err)
			continue
		}
		if got := e.String(); got != tt.want {
			t.Errorf("parseExpr(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
	deep := strings.Repeat("f(", 300) + strings.Repeat(")", 300)
	if _, err := parseExpr(deep); err == nil || !strings.Contains(err.Error(), "nested deeper than") {
		t.Errorf("deep nesting: err = %v", err)
	}
}

func FuzzExpression(f *testing.F) {
	for _, s := range []string{
		"concat('a', parameters('list')[0])", "format('{0:D2}', copyIndex())", "if(equals(1, 1), json('[1]'), createObject('a', 1))",
		"union(parameters('obj'), json('{}')).two.y[1]", "acme.twice(2)", "split('a,b', ',')[1]", "substring('x', 0, 1)",
	} {
		f.Add("[" + s + "]")
	}
	root, jerr := jsonpos.Parse([]byte(exprTemplate), true)
	if jerr != nil {
		f.Fatal(jerr)
	}
	f.Fuzz(func(t *testing.T, s string) {
		sk := newSink("t.json")
		ev := newEvaluator("t.json", sk, root, map[string]any{}, 0)
		for _, render := range []bool{false, true} {
			v := ev.str(&jsonpos.Node{Kind: jsonpos.String, Str: s, Line: 1, Col: 1}, &scope{render: render})
			checkValue(t, v)
			if render {
				if _, ok := v.(iac.Unknown); ok {
					t.Fatalf("render mode returned an Unknown for %q", s)
				}
			}
		}
	})
}

// checkValue fails unless v holds only the value types iac.Resource allows.
func checkValue(t *testing.T, v any) {
	switch x := v.(type) {
	case nil, bool, int64, float64, string, iac.Unknown:
	case []any:
		for _, e := range x {
			checkValue(t, e)
		}
	case map[string]any:
		for _, e := range x {
			checkValue(t, e)
		}
	default:
		t.Fatalf("value of type %T", v)
	}
}
