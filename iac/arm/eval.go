package arm

import (
	"encoding/base64"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"cloudward/iac"
	"cloudward/iac/internal/jsonpos"
)

// scope is the context an expression is evaluated in.
type scope struct {
	// loops maps lower-cased copy loop names to the current index.
	loops map[string]int64
	// unknownLoops holds loops whose count is not known.
	unknownLoops map[string]bool
	// resLoop is the lower-cased name of the resource copy loop that
	// copyIndex() without a name refers to; inLoop says there is one.
	resLoop string
	inLoop  bool
	// udf holds the arguments of the user-defined function being
	// evaluated (nil outside one).
	udf      map[string]any
	udfDepth int
	// render asks for a display string: unknown parts of concat() and
	// format() become "{unknown}" (only for addresses and names).
	render bool
	// Position of the JSON string being evaluated, for diagnostics.
	line, col int
}

// withLoop returns a copy of sc in which loop name has index i (or an
// unknown index).
func (sc *scope) withLoop(name string, i int64, unknown, resource bool) *scope {
	n := *sc
	key := strings.ToLower(name)
	n.loops = make(map[string]int64, len(sc.loops)+1)
	for k, v := range sc.loops {
		n.loops[k] = v
	}
	n.unknownLoops = make(map[string]bool, len(sc.unknownLoops)+1)
	for k, v := range sc.unknownLoops {
		n.unknownLoops[k] = v
	}
	if unknown {
		n.unknownLoops[key] = true
	} else {
		n.loops[key] = i
		delete(n.unknownLoops, key)
	}
	if resource {
		n.resLoop, n.inLoop = key, true
	}
	return &n
}

// renderUnknown is how unknown parts of names are displayed.
const renderUnknown = "{unknown}"

// deploymentOnly lists functions whose value exists only during a
// deployment. Their result is always Unknown.
var deploymentOnly = map[string]bool{
	"resourcegroup": true, "subscription": true, "tenant": true, "managementgroup": true,
	"deployment": true, "environment": true, "deployer": true, "reference": true,
	"references": true, "uniquestring": true, "guid": true, "newguid": true, "utcnow": true,
	"providers": true, "pickzones": true, "getsecret": true,
}

// unsupported lists functions this evaluator does not implement.
var unsupported = map[string]bool{
	"filter": true, "map": true, "reduce": true, "sort": true, "toobject": true,
	"mapvalues": true, "groupby": true, "lambda": true, "lambdavariables": true,
	"datetimeadd": true, "datetimefromepoch": true, "datetimetoepoch": true,
	"uri": true, "datauri": true, "datauritostring": true,
	"parsecidr": true, "cidrsubnet": true, "cidrhost": true, "externalinput": true,
}

// builtin is a template function evaluated from its arguments' values.
type builtin struct {
	min, max int // argument count; max < 0 means no limit
	// strict functions yield the first unknown argument unchanged.
	strict bool
	f      func(ev *evaluator, sc *scope, e *expr, args []any) any
}

var builtins map[string]builtin

func init() {
	builtins = map[string]builtin{
		"parameters": {1, 1, true, fnParameters},
		"variables":  {1, 1, true, fnVariables},
		"copyindex":  {0, 2, true, fnCopyIndex},

		"concat":  {1, -1, false, fnConcat},
		"format":  {1, -1, false, fnFormat},
		"tolower": {1, 1, true, strFn(strings.ToLower)},
		"toupper": {1, 1, true, strFn(strings.ToUpper)},
		"trim":    {1, 1, true, strFn(strings.TrimSpace)},
		"string":  {1, 1, false, fnString},
		"int":     {1, 1, true, fnInt},
		"bool":    {1, 1, true, fnBool},
		"json":    {1, 1, true, fnJSON},

		"equals":          {2, 2, true, fnEquals},
		"not":             {1, 1, true, fnNot},
		"less":            {2, 2, true, cmpFn(func(c int) bool { return c < 0 })},
		"lessorequals":    {2, 2, true, cmpFn(func(c int) bool { return c <= 0 })},
		"greater":         {2, 2, true, cmpFn(func(c int) bool { return c > 0 })},
		"greaterorequals": {2, 2, true, cmpFn(func(c int) bool { return c >= 0 })},
		"true":            {0, 0, true, func(*evaluator, *scope, *expr, []any) any { return true }},
		"false":           {0, 0, true, func(*evaluator, *scope, *expr, []any) any { return false }},
		"null":            {0, 0, true, func(*evaluator, *scope, *expr, []any) any { return nil }},

		"empty":        {1, 1, true, fnEmpty},
		"contains":     {2, 2, true, fnContains},
		"length":       {1, 1, true, fnLength},
		"union":        {1, -1, true, fnUnion},
		"intersection": {1, -1, true, fnIntersection},
		"createarray":  {0, -1, false, func(_ *evaluator, _ *scope, _ *expr, args []any) any { return append([]any{}, args...) }},
		"createobject": {0, -1, false, fnCreateObject},
		"array":        {1, 1, false, fnArray},
		"first":        {1, 1, true, fnFirst},
		"last":         {1, 1, true, fnLast},
		"skip":         {2, 2, true, fnSkip},
		"take":         {2, 2, true, fnTake},
		"min":          {1, -1, true, minMax(true)},
		"max":          {1, -1, true, minMax(false)},
		"range":        {2, 2, true, fnRange},
		"items":        {1, 1, true, fnItems},
		"tryget":       {2, -1, true, fnTryGet},
		"join":         {2, 2, true, fnJoin},
		"flatten":      {1, 1, true, fnFlatten},
		"shallowmerge": {1, 1, true, fnShallowMerge},

		"split":                {2, 2, true, fnSplit},
		"replace":              {3, 3, true, fnReplace},
		"substring":            {2, 3, true, fnSubstring},
		"indexof":              {2, 2, true, indexFn(false)},
		"lastindexof":          {2, 2, true, indexFn(true)},
		"startswith":           {2, 2, true, affixFn(strings.HasPrefix)},
		"endswith":             {2, 2, true, affixFn(strings.HasSuffix)},
		"padleft":              {2, 3, true, fnPadLeft},
		"base64":               {1, 1, true, fnBase64},
		"base64tostring":       {1, 1, true, fnBase64ToString},
		"base64tojson":         {1, 1, true, fnBase64ToJSON},
		"uricomponent":         {1, 1, true, fnURIComponent},
		"uricomponenttostring": {1, 1, true, fnURIComponentToString},

		"add": {2, 2, true, arith("add")},
		"sub": {2, 2, true, arith("sub")},
		"mul": {2, 2, true, arith("mul")},
		"div": {2, 2, true, arith("div")},
		"mod": {2, 2, true, arith("mod")},

		"resourceid":                {2, -1, true, fnResourceID},
		"subscriptionresourceid":    {2, -1, true, fnSubscriptionResourceID},
		"tenantresourceid":          {2, -1, true, fnTenantResourceID},
		"extensionresourceid":       {3, -1, true, fnExtensionResourceID},
		"managementgroupresourceid": {2, -1, true, fnManagementGroupResourceID},
	}
}

// fail reports a problem with an expression and returns the Unknown that
// stands for its value.
func (ev *evaluator) fail(sc *scope, e *expr, format string, args ...any) iac.Unknown {
	msg := fmt.Sprintf(format, args...)
	ev.warn(sc.line, sc.col, "%s in expression; the value is treated as unknown", msg)
	return iac.Unknown{Reason: msg}
}

// eval evaluates a parsed expression.
func (ev *evaluator) eval(e *expr, sc *scope) any {
	if !ev.step(1) {
		return iac.Unknown{Reason: exhaustedReason}
	}
	switch e.kind {
	case exString:
		return e.str
	case exInt:
		return e.i
	case exFloat:
		return e.f
	case exBool:
		return e.b
	case exNull:
		return nil
	case exMember:
		return ev.member(ev.eval(e.target, sc), e.str, sc, e)
	case exIndex:
		return ev.index(ev.eval(e.target, sc), ev.eval(e.index, sc), sc, e)
	case exCall:
		return ev.call(e, sc)
	}
	return nil
}

// lookupFold finds a member by exact name, else case-insensitively (ARM
// property names are case-insensitive); among several case variants the
// first in name order wins.
func lookupFold(m map[string]any, name string) (any, bool) {
	if v, ok := m[name]; ok {
		return v, true
	}
	var keys []string
	for k := range m {
		if strings.EqualFold(k, name) {
			keys = append(keys, k)
		}
	}
	if len(keys) == 0 {
		return nil, false
	}
	sort.Strings(keys)
	return m[keys[0]], true
}

func (ev *evaluator) member(v any, name string, sc *scope, e *expr) any {
	switch t := v.(type) {
	case iac.Unknown:
		return t
	case map[string]any:
		if x, ok := lookupFold(t, name); ok {
			return x
		}
		return ev.fail(sc, e, "property %q does not exist on the object", name)
	}
	return ev.fail(sc, e, "cannot read property %q of %s", name, typeName(v))
}

func (ev *evaluator) index(v, idx any, sc *scope, e *expr) any {
	if u, ok := v.(iac.Unknown); ok {
		return u
	}
	if u, ok := idx.(iac.Unknown); ok {
		return u
	}
	switch t := v.(type) {
	case []any:
		i, ok := toInt(idx)
		if !ok {
			return ev.fail(sc, e, "an array index must be an integer, not %s", typeName(idx))
		}
		if i < 0 || i >= int64(len(t)) {
			return ev.fail(sc, e, "index %d is out of range for an array of %d elements", i, len(t))
		}
		return t[i]
	case map[string]any:
		k, ok := idx.(string)
		if !ok {
			return ev.fail(sc, e, "an object index must be a string, not %s", typeName(idx))
		}
		return ev.member(t, k, sc, e)
	}
	return ev.fail(sc, e, "cannot index %s", typeName(v))
}

func (ev *evaluator) call(e *expr, sc *scope) any {
	name := strings.ToLower(e.str)
	if strings.Contains(name, ".") {
		return ev.userFunction(e, sc)
	}
	switch name {
	case "if":
		return ev.fnIf(e, sc)
	case "and", "or":
		return ev.fnAndOr(e, sc, name == "and")
	case "coalesce":
		return ev.fnCoalesce(e, sc)
	}
	if deploymentOnly[name] || (strings.HasPrefix(name, "list") && builtins[name].f == nil) {
		return iac.Unknown{Reason: e.str + "() is known only at deployment"}
	}
	if unsupported[name] {
		return ev.fail(sc, e, "template function %s() is not supported by cloudward", e.str)
	}
	fn, ok := builtins[name]
	if !ok {
		return ev.fail(sc, e, "unknown template function %s()", e.str)
	}
	if len(e.args) < fn.min || (fn.max >= 0 && len(e.args) > fn.max) {
		return ev.fail(sc, e, "%s() takes %s, got %d", e.str, arity(fn.min, fn.max), len(e.args))
	}
	args := make([]any, len(e.args))
	for i, a := range e.args {
		args[i] = ev.eval(a, sc)
	}
	if fn.strict {
		for _, a := range args {
			if u, ok := a.(iac.Unknown); ok {
				return u
			}
		}
	}
	return ev.limit(fn.f(ev, sc, e, args), sc, e)
}

// limit replaces a string or array result beyond the size limits by an
// Unknown, and charges large results to the step budget.
func (ev *evaluator) limit(v any, sc *scope, e *expr) any {
	switch t := v.(type) {
	case string:
		if len(t) > maxStringLen {
			return ev.fail(sc, e, "%s() yields a string longer than %d bytes", e.str, maxStringLen)
		}
		if !ev.step(len(t) / 64) {
			return iac.Unknown{Reason: exhaustedReason}
		}
	case []any:
		if len(t) > maxArrayLen {
			return ev.fail(sc, e, "%s() yields an array longer than %d elements", e.str, maxArrayLen)
		}
		if !ev.step(len(t)) {
			return iac.Unknown{Reason: exhaustedReason}
		}
	}
	return v
}

func arity(min, max int) string {
	switch {
	case min == max && min == 1:
		return "1 argument"
	case min == max:
		return fmt.Sprintf("%d arguments", min)
	case max < 0:
		return fmt.Sprintf("at least %d argument(s)", min)
	}
	return fmt.Sprintf("%d to %d arguments", min, max)
}

// maxUDFDepth bounds recursion through user-defined functions.
const maxUDFDepth = 32

func (ev *evaluator) userFunction(e *expr, sc *scope) any {
	def := ev.funcs[strings.ToLower(e.str)]
	if def == nil {
		return ev.fail(sc, e, "user-defined function %s() is not declared in the template's functions", e.str)
	}
	if sc.udfDepth >= maxUDFDepth {
		return ev.fail(sc, e, "user-defined functions nested deeper than %d calls", maxUDFDepth)
	}
	var names []string
	if ps := def.GetFold("parameters"); ps != nil && ps.Kind == jsonpos.Array {
		for _, p := range ps.Elems {
			if n := p.GetFold("name"); n != nil && n.Kind == jsonpos.String {
				names = append(names, n.Str)
			}
		}
	}
	if len(names) != len(e.args) {
		return ev.fail(sc, e, "%s() takes %d argument(s), got %d", e.str, len(names), len(e.args))
	}
	args := map[string]any{}
	vals := make([]any, len(e.args))
	for i, a := range e.args {
		vals[i] = ev.eval(a, sc)
		args[names[i]] = vals[i]
	}
	out := def.GetFold("output").GetFold("value")
	if out == nil {
		return ev.fail(sc, e, "user-defined function %s() has no output value", e.str)
	}
	// A user-defined function sees only its arguments, so its result
	// depends on them alone: remember it (this also keeps a function
	// that calls itself twice from taking exponential time).
	key, memo := compactJSON(vals)
	if memo {
		key = fmt.Sprintf("%s\x00%t\x00%s", strings.ToLower(e.str), sc.render, key)
		if v, ok := ev.udfCache[key]; ok {
			return v
		}
	}
	inner := &scope{udf: args, udfDepth: sc.udfDepth + 1, render: sc.render}
	v := ev.node(out, inner, "", nil)
	if memo {
		ev.udfCache[key] = v
	}
	return v
}

// Lazy functions: only the arguments needed are evaluated.

func (ev *evaluator) fnIf(e *expr, sc *scope) any {
	if len(e.args) != 3 {
		return ev.fail(sc, e, "if() takes 3 arguments, got %d", len(e.args))
	}
	switch c := ev.eval(e.args[0], sc).(type) {
	case bool:
		if c {
			return ev.eval(e.args[1], sc)
		}
		return ev.eval(e.args[2], sc)
	case iac.Unknown:
		a, b := ev.eval(e.args[1], sc), ev.eval(e.args[2], sc)
		if eq, known := equal(a, b); eq && known {
			return a
		}
		if sc.render {
			return renderUnknown
		}
		return c
	default:
		return ev.fail(sc, e, "if() needs a boolean condition, not %s", typeName(c))
	}
}

func (ev *evaluator) fnAndOr(e *expr, sc *scope, and bool) any {
	if len(e.args) < 1 {
		return ev.fail(sc, e, "%s() takes at least 1 argument", e.str)
	}
	var unknown *iac.Unknown
	for _, a := range e.args {
		switch v := ev.eval(a, sc).(type) {
		case bool:
			if v != and {
				return v // and(false, ...) or or(true, ...)
			}
		case iac.Unknown:
			if unknown == nil {
				unknown = &v
			}
		default:
			return ev.fail(sc, e, "%s() needs boolean arguments, not %s", e.str, typeName(v))
		}
	}
	if unknown != nil {
		return *unknown
	}
	return and
}

func (ev *evaluator) fnCoalesce(e *expr, sc *scope) any {
	if len(e.args) < 1 {
		return ev.fail(sc, e, "coalesce() takes at least 1 argument")
	}
	for _, a := range e.args {
		v := ev.eval(a, sc)
		if v != nil {
			return v // an unknown value might be null: the result is unknown
		}
	}
	return nil
}

// Template access.

func fnParameters(ev *evaluator, sc *scope, e *expr, args []any) any {
	name, ok := args[0].(string)
	if !ok {
		return ev.fail(sc, e, "parameters() needs a string name, not %s", typeName(args[0]))
	}
	if sc.udf != nil {
		if v, ok := lookupFold(sc.udf, name); ok {
			return v
		}
		return ev.fail(sc, e, "the user-defined function has no parameter %q", name)
	}
	return ev.param(name, sc, e)
}

func fnVariables(ev *evaluator, sc *scope, e *expr, args []any) any {
	name, ok := args[0].(string)
	if !ok {
		return ev.fail(sc, e, "variables() needs a string name, not %s", typeName(args[0]))
	}
	if sc.udf != nil {
		return ev.fail(sc, e, "variables() cannot be used in a user-defined function")
	}
	return ev.variable(name, sc, e)
}

func fnCopyIndex(ev *evaluator, sc *scope, e *expr, args []any) any {
	var name string
	var offset int64
	switch len(args) {
	case 1:
		if s, ok := args[0].(string); ok {
			name = s
		} else if i, ok := toInt(args[0]); ok {
			offset = i
		} else {
			return ev.fail(sc, e, "copyIndex() needs a loop name or an integer offset, not %s", typeName(args[0]))
		}
	case 2:
		s, ok := args[0].(string)
		i, ok2 := toInt(args[1])
		if !ok || !ok2 {
			return ev.fail(sc, e, "copyIndex(loopName, offset) needs a string and an integer")
		}
		name, offset = s, i
	}
	key := strings.ToLower(name)
	if key == "" {
		if !sc.inLoop {
			return ev.fail(sc, e, "copyIndex() is used outside a resource copy loop")
		}
		key = sc.resLoop
	}
	if sc.unknownLoops[key] {
		return iac.Unknown{Reason: "the copy loop's count is not known, so neither is copyIndex()"}
	}
	i, ok := sc.loops[key]
	if !ok {
		return ev.fail(sc, e, "copyIndex('%s') is used outside the copy loop of that name", name)
	}
	return i + offset
}

// Strings.

func strFn(f func(string) string) func(*evaluator, *scope, *expr, []any) any {
	return func(ev *evaluator, sc *scope, e *expr, args []any) any {
		s, ok := args[0].(string)
		if !ok {
			return ev.fail(sc, e, "%s() needs a string, not %s", e.str, typeName(args[0]))
		}
		return f(s)
	}
}

func fnConcat(ev *evaluator, sc *scope, e *expr, args []any) any {
	if _, isArray := args[0].([]any); isArray {
		out := []any{}
		for _, a := range args {
			switch t := a.(type) {
			case []any:
				out = append(out, t...)
			case nil:
			case iac.Unknown:
				return t
			default:
				return ev.fail(sc, e, "concat() of arrays cannot take %s", typeName(a))
			}
		}
		return out
	}
	var b strings.Builder
	var unknown *iac.Unknown
	for _, a := range args {
		if u, ok := a.(iac.Unknown); ok {
			if unknown == nil {
				unknown = &u
			}
			b.WriteString(renderUnknown)
			continue
		}
		if _, ok := a.([]any); ok {
			return ev.fail(sc, e, "concat() cannot mix strings and arrays")
		}
		s, ok := text(a)
		if !ok {
			u, _ := firstUnknown(a)
			if unknown == nil {
				unknown = &u
			}
			b.WriteString(renderUnknown)
			continue
		}
		b.WriteString(s)
	}
	if unknown != nil && !sc.render {
		return *unknown
	}
	return b.String()
}

func fnString(ev *evaluator, sc *scope, e *expr, args []any) any {
	if s, ok := text(args[0]); ok {
		return s
	}
	if sc.render {
		return renderUnknown
	}
	u, _ := firstUnknown(args[0])
	return u
}

func fnInt(ev *evaluator, sc *scope, e *expr, args []any) any {
	switch t := args[0].(type) {
	case int64:
		return t
	case float64:
		// Convert.ToInt64(double) rounds half to even.
		return int64(math.RoundToEven(t))
	case string:
		i, err := strconv.ParseInt(strings.TrimSpace(t), 10, 64)
		if err != nil {
			return ev.fail(sc, e, "int() cannot convert a string that is not a decimal integer")
		}
		return i
	}
	return ev.fail(sc, e, "int() cannot convert %s", typeName(args[0]))
}

func fnBool(ev *evaluator, sc *scope, e *expr, args []any) any {
	switch t := args[0].(type) {
	case bool:
		return t
	case int64:
		return t != 0
	case string:
		switch strings.ToLower(strings.TrimSpace(t)) {
		case "true":
			return true
		case "false":
			return false
		}
		return ev.fail(sc, e, "bool() cannot convert a string other than true or false")
	}
	return ev.fail(sc, e, "bool() cannot convert %s", typeName(args[0]))
}

func fnJSON(ev *evaluator, sc *scope, e *expr, args []any) any {
	s, ok := args[0].(string)
	if !ok {
		return ev.fail(sc, e, "json() needs a string, not %s", typeName(args[0]))
	}
	n, err := jsonpos.Parse([]byte(s), false)
	if err != nil {
		return ev.fail(sc, e, "json() argument is not valid JSON: %s", err.Msg)
	}
	return n.Plain()
}

func fnFormat(ev *evaluator, sc *scope, e *expr, args []any) any {
	f, ok := args[0].(string)
	if !ok {
		if u, isU := args[0].(iac.Unknown); isU {
			if sc.render {
				return renderUnknown
			}
			return u
		}
		return ev.fail(sc, e, "format() needs a format string, not %s", typeName(args[0]))
	}
	var b strings.Builder
	var unknown *iac.Unknown
	for i := 0; i < len(f); i++ {
		c := f[i]
		if c == '}' {
			if i+1 < len(f) && f[i+1] == '}' {
				b.WriteByte('}')
				i++
				continue
			}
			return ev.fail(sc, e, "the format string has an unmatched '}' (write }} for a literal brace)")
		}
		if c != '{' {
			b.WriteByte(c)
			continue
		}
		if i+1 < len(f) && f[i+1] == '{' {
			b.WriteByte('{')
			i++
			continue
		}
		end := strings.IndexByte(f[i:], '}')
		if end < 0 {
			return ev.fail(sc, e, "the format string has an unmatched '{' (write {{ for a literal brace)")
		}
		item := f[i+1 : i+end]
		i += end
		idxText, spec, _ := strings.Cut(item, ":")
		idxText, alignText, hasAlign := strings.Cut(idxText, ",")
		idx, err := strconv.Atoi(strings.TrimSpace(idxText))
		if err != nil || idx < 0 {
			return ev.fail(sc, e, "format item {%s} has no valid argument index", item)
		}
		if idx+1 >= len(args) {
			return ev.fail(sc, e, "format item {%s} refers to a missing argument", item)
		}
		arg := args[idx+1]
		if hasUnknown(arg) {
			if unknown == nil {
				u, _ := firstUnknown(arg)
				unknown = &u
			}
			b.WriteString(renderUnknown)
			continue
		}
		s, ok := formatItem(arg, spec)
		if !ok {
			return ev.fail(sc, e, "format specifier %q is not supported for %s", spec, typeName(arg))
		}
		if hasAlign {
			w, err := strconv.Atoi(strings.TrimSpace(alignText))
			if err != nil {
				return ev.fail(sc, e, "format item {%s} has an invalid alignment", item)
			}
			pad := abs(w) - utf8.RuneCountInString(s)
			if pad > 0 && w > 0 {
				s = strings.Repeat(" ", pad) + s
			} else if pad > 0 {
				s += strings.Repeat(" ", pad)
			}
		}
		b.WriteString(s)
	}
	if unknown != nil && !sc.render {
		return *unknown
	}
	return b.String()
}

func abs(i int) int {
	if i < 0 {
		return -i
	}
	return i
}

// formatItem applies a .NET standard numeric format specifier (D, X, N,
// F with optional precision); other values ignore the specifier as .NET
// does for strings.
func formatItem(v any, spec string) (string, bool) {
	spec = strings.TrimSpace(spec)
	if spec == "" {
		return text(v)
	}
	i, isInt := v.(int64)
	f, isFloat := v.(float64)
	if !isInt && !isFloat {
		if _, ok := v.(string); ok {
			return v.(string), true
		}
		return "", false
	}
	letter := spec[0]
	prec := -1
	if len(spec) > 1 {
		p, err := strconv.Atoi(spec[1:])
		if err != nil || p < 0 || p > 99 {
			return "", false
		}
		prec = p
	}
	switch letter {
	case 'D', 'd':
		if !isInt {
			return "", false
		}
		s := strconv.FormatInt(absInt64(i), 10)
		if prec > len(s) {
			s = strings.Repeat("0", prec-len(s)) + s
		}
		if i < 0 {
			s = "-" + s
		}
		return s, true
	case 'X', 'x':
		if !isInt {
			return "", false
		}
		s := strconv.FormatUint(uint64(i), 16)
		if letter == 'X' {
			s = strings.ToUpper(s)
		}
		if prec > len(s) {
			s = strings.Repeat("0", prec-len(s)) + s
		}
		return s, true
	case 'F', 'f', 'N', 'n':
		if prec < 0 {
			prec = 2
		}
		x := f
		if isInt {
			x = float64(i)
		}
		s := strconv.FormatFloat(x, 'f', prec, 64)
		if letter == 'N' || letter == 'n' {
			s = groupThousands(s)
		}
		return s, true
	}
	return "", false
}

func absInt64(i int64) int64 {
	if i < 0 {
		return -i
	}
	return i
}

// groupThousands inserts ',' separators into the integer part.
func groupThousands(s string) string {
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
	}
	intPart, frac, hasFrac := strings.Cut(s, ".")
	var b strings.Builder
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	out := sign + b.String()
	if hasFrac {
		out += "." + frac
	}
	return out
}

func fnSplit(ev *evaluator, sc *scope, e *expr, args []any) any {
	s, ok := args[0].(string)
	if !ok {
		return ev.fail(sc, e, "split() needs a string, not %s", typeName(args[0]))
	}
	var seps []string
	switch t := args[1].(type) {
	case string:
		seps = []string{t}
	case []any:
		for _, x := range t {
			sep, ok := x.(string)
			if !ok {
				if u, isU := x.(iac.Unknown); isU {
					return u
				}
				return ev.fail(sc, e, "split() delimiters must be strings")
			}
			seps = append(seps, sep)
		}
	default:
		return ev.fail(sc, e, "split() needs a string or an array of strings as delimiter, not %s", typeName(args[1]))
	}
	var out []any
	start := 0
	for i := 0; i < len(s); {
		matched := false
		for _, sep := range seps {
			if sep != "" && strings.HasPrefix(s[i:], sep) {
				out = append(out, s[start:i])
				i += len(sep)
				start = i
				matched = true
				break
			}
		}
		if !matched {
			i++
		}
	}
	return append(out, s[start:])
}

func fnReplace(ev *evaluator, sc *scope, e *expr, args []any) any {
	s, ok1 := args[0].(string)
	old, ok2 := args[1].(string)
	repl, ok3 := args[2].(string)
	if !ok1 || !ok2 || !ok3 {
		return ev.fail(sc, e, "replace() needs three strings")
	}
	if old == "" {
		return ev.fail(sc, e, "replace() cannot replace an empty string")
	}
	return strings.ReplaceAll(s, old, repl)
}

func fnSubstring(ev *evaluator, sc *scope, e *expr, args []any) any {
	s, ok := args[0].(string)
	start, ok2 := toInt(args[1])
	if !ok || !ok2 {
		return ev.fail(sc, e, "substring() needs a string and an integer start")
	}
	u := toUTF16(s)
	length := int64(len(u)) - start
	if len(args) == 3 {
		l, ok := toInt(args[2])
		if !ok {
			return ev.fail(sc, e, "substring() needs an integer length")
		}
		length = l
	}
	if start < 0 || start > int64(len(u)) || length < 0 || start+length > int64(len(u)) {
		return ev.fail(sc, e, "substring(start %d, length %d) is out of range for a string of length %d", start, length, len(u))
	}
	return fromUTF16(u[start : start+length])
}

// indexFn implements indexOf and lastIndexOf: case-insensitive for
// strings, by value for arrays.
func indexFn(last bool) func(*evaluator, *scope, *expr, []any) any {
	return func(ev *evaluator, sc *scope, e *expr, args []any) any {
		switch t := args[0].(type) {
		case string:
			sub, ok := args[1].(string)
			if !ok {
				return ev.fail(sc, e, "%s() on a string needs a string to find", e.str)
			}
			hay, needle := strings.ToLower(t), strings.ToLower(sub)
			var i int
			if last {
				i = strings.LastIndex(hay, needle)
			} else {
				i = strings.Index(hay, needle)
			}
			if i < 0 {
				return int64(-1)
			}
			return int64(utf16Len(hay[:i]))
		case []any:
			found, unknown := int64(-1), false
			for j := range t {
				k := j
				if last {
					k = len(t) - 1 - j
				}
				eq, known := equal(t[k], args[1])
				if !known {
					unknown = true
					continue
				}
				if eq {
					found = int64(k)
					break
				}
			}
			if unknown && (found < 0 || !last && hasUnknownBefore(t, int(found)) || last && hasUnknownAfter(t, int(found))) {
				return iac.Unknown{Reason: "the array holds values not known before deployment"}
			}
			return found
		}
		return ev.fail(sc, e, "%s() needs a string or an array, not %s", e.str, typeName(args[0]))
	}
}

func hasUnknownBefore(l []any, i int) bool {
	for _, v := range l[:i] {
		if hasUnknown(v) {
			return true
		}
	}
	return false
}

func hasUnknownAfter(l []any, i int) bool {
	for _, v := range l[i+1:] {
		if hasUnknown(v) {
			return true
		}
	}
	return false
}

func affixFn(f func(s, affix string) bool) func(*evaluator, *scope, *expr, []any) any {
	return func(ev *evaluator, sc *scope, e *expr, args []any) any {
		s, ok1 := args[0].(string)
		a, ok2 := args[1].(string)
		if !ok1 || !ok2 {
			return ev.fail(sc, e, "%s() needs two strings", e.str)
		}
		return f(strings.ToLower(s), strings.ToLower(a))
	}
}

func fnPadLeft(ev *evaluator, sc *scope, e *expr, args []any) any {
	var s string
	switch t := args[0].(type) {
	case string:
		s = t
	case int64:
		s = strconv.FormatInt(t, 10)
	default:
		return ev.fail(sc, e, "padLeft() needs a string or an integer, not %s", typeName(args[0]))
	}
	n, ok := toInt(args[1])
	if !ok || n < 0 || n > 1<<16 {
		return ev.fail(sc, e, "padLeft() needs a total length between 0 and 65536")
	}
	pad := " "
	if len(args) == 3 {
		p, ok := args[2].(string)
		if !ok || utf8.RuneCountInString(p) != 1 {
			return ev.fail(sc, e, "padLeft() needs a single padding character")
		}
		pad = p
	}
	if l := int64(utf16Len(s)); l < n {
		s = strings.Repeat(pad, int(n-l)) + s
	}
	return s
}

func fnBase64(ev *evaluator, sc *scope, e *expr, args []any) any {
	s, ok := args[0].(string)
	if !ok {
		return ev.fail(sc, e, "base64() needs a string, not %s", typeName(args[0]))
	}
	return base64.StdEncoding.EncodeToString([]byte(s))
}

func fnBase64ToString(ev *evaluator, sc *scope, e *expr, args []any) any {
	s, ok := args[0].(string)
	if !ok {
		return ev.fail(sc, e, "base64ToString() needs a string, not %s", typeName(args[0]))
	}
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return ev.fail(sc, e, "base64ToString() argument is not valid base64")
	}
	return string(b)
}

func fnBase64ToJSON(ev *evaluator, sc *scope, e *expr, args []any) any {
	s := fnBase64ToString(ev, sc, e, args)
	if str, ok := s.(string); ok {
		return fnJSON(ev, sc, e, []any{str})
	}
	return s
}

func fnURIComponent(ev *evaluator, sc *scope, e *expr, args []any) any {
	s, ok := args[0].(string)
	if !ok {
		return ev.fail(sc, e, "uriComponent() needs a string, not %s", typeName(args[0]))
	}
	// Uri.EscapeDataString: everything but RFC 3986 unreserved characters.
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~' {
			b.WriteByte(c)
		} else {
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		}
	}
	return b.String()
}

func fnURIComponentToString(ev *evaluator, sc *scope, e *expr, args []any) any {
	s, ok := args[0].(string)
	if !ok {
		return ev.fail(sc, e, "uriComponentToString() needs a string, not %s", typeName(args[0]))
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) {
			if v, err := strconv.ParseUint(s[i+1:i+3], 16, 8); err == nil {
				b.WriteByte(byte(v))
				i += 2
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// Comparison and logic.

func fnEquals(ev *evaluator, sc *scope, e *expr, args []any) any {
	eq, known := equal(args[0], args[1])
	if !known {
		u, _ := firstUnknown([]any{args[0], args[1]})
		return u
	}
	return eq
}

func fnNot(ev *evaluator, sc *scope, e *expr, args []any) any {
	b, ok := args[0].(bool)
	if !ok {
		return ev.fail(sc, e, "not() needs a boolean, not %s", typeName(args[0]))
	}
	return !b
}

func cmpFn(pred func(int) bool) func(*evaluator, *scope, *expr, []any) any {
	return func(ev *evaluator, sc *scope, e *expr, args []any) any {
		c, ok := compare(args[0], args[1])
		if !ok {
			return ev.fail(sc, e, "%s() can compare two integers or two plain alphanumeric strings, not %s and %s", e.str, typeName(args[0]), typeName(args[1]))
		}
		return pred(c)
	}
}

// compare orders two integers, or two strings the way ARM's
// culture-invariant comparison does for letters and digits (letters
// compare case-insensitively, then lower case before upper case). Other
// strings are not compared (ok is false) rather than compared wrongly.
func compare(a, b any) (int, bool) {
	switch x := a.(type) {
	case int64, float64:
		switch y := b.(type) {
		case int64, float64:
			fx, fy := toFloat(x), toFloat(y)
			switch {
			case fx < fy:
				return -1, true
			case fx > fy:
				return 1, true
			}
			return 0, true
		}
	case string:
		y, ok := b.(string)
		if !ok || !alnum(x) || !alnum(y) {
			return 0, false
		}
		if c := strings.Compare(strings.ToLower(x), strings.ToLower(y)); c != 0 {
			return c, true
		}
		for i := 0; i < len(x); i++ {
			if x[i] != y[i] {
				// Lower case sorts first.
				if x[i] >= 'a' {
					return -1, true
				}
				return 1, true
			}
		}
		return 0, true
	}
	return 0, false
}

func alnum(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// Arrays and objects.

func fnEmpty(ev *evaluator, sc *scope, e *expr, args []any) any {
	switch t := args[0].(type) {
	case nil:
		return true
	case string:
		return t == ""
	case []any:
		return len(t) == 0
	case map[string]any:
		return len(t) == 0
	}
	return ev.fail(sc, e, "empty() needs a string, an array or an object, not %s", typeName(args[0]))
}

func fnContains(ev *evaluator, sc *scope, e *expr, args []any) any {
	switch t := args[0].(type) {
	case string:
		s, ok := text(args[1])
		if !ok {
			return iac.Unknown{Reason: "contains() of a value not known before deployment"}
		}
		return strings.Contains(t, s)
	case map[string]any:
		k, ok := args[1].(string)
		if !ok {
			return ev.fail(sc, e, "contains() on an object needs a string key, not %s", typeName(args[1]))
		}
		_, found := lookupFold(t, k)
		return found
	case []any:
		unknown := false
		for _, x := range t {
			eq, known := equal(x, args[1])
			if known && eq {
				return true
			}
			unknown = unknown || !known
		}
		if unknown {
			return iac.Unknown{Reason: "the array holds values not known before deployment"}
		}
		return false
	case nil:
		return false
	}
	return ev.fail(sc, e, "contains() needs a string, an array or an object, not %s", typeName(args[0]))
}

func fnLength(ev *evaluator, sc *scope, e *expr, args []any) any {
	switch t := args[0].(type) {
	case string:
		return int64(utf16Len(t))
	case []any:
		return int64(len(t))
	case map[string]any:
		return int64(len(t))
	case nil:
		return int64(0)
	}
	return ev.fail(sc, e, "length() needs a string, an array or an object, not %s", typeName(args[0]))
}

func fnUnion(ev *evaluator, sc *scope, e *expr, args []any) any {
	switch args[0].(type) {
	case map[string]any:
		out := map[string]any{}
		for _, a := range args {
			m, ok := a.(map[string]any)
			if !ok {
				if a == nil {
					continue
				}
				return ev.fail(sc, e, "union() cannot mix objects with %s", typeName(a))
			}
			deepMerge(out, m)
		}
		return out
	case []any:
		var out []any
		for _, a := range args {
			l, ok := a.([]any)
			if !ok {
				if a == nil {
					continue
				}
				return ev.fail(sc, e, "union() cannot mix arrays with %s", typeName(a))
			}
			for _, x := range l {
				if !containsValue(out, x) {
					out = append(out, x)
				}
			}
		}
		if out == nil {
			out = []any{}
		}
		return out
	}
	return ev.fail(sc, e, "union() needs arrays or objects, not %s", typeName(args[0]))
}

// deepMerge merges src into dst: nested objects merge recursively, other
// values (arrays included) are replaced, as ARM's union() does.
func deepMerge(dst, src map[string]any) {
	for k, v := range src {
		if sm, ok := v.(map[string]any); ok {
			if dm, ok := dst[k].(map[string]any); ok {
				merged := make(map[string]any, len(dm))
				for dk, dv := range dm {
					merged[dk] = dv
				}
				deepMerge(merged, sm)
				dst[k] = merged
				continue
			}
		}
		dst[k] = v
	}
}

// containsValue reports whether l certainly holds a value equal to x.
func containsValue(l []any, x any) bool {
	for _, y := range l {
		if eq, known := equal(x, y); eq && known {
			return true
		}
	}
	return false
}

func fnIntersection(ev *evaluator, sc *scope, e *expr, args []any) any {
	switch first := args[0].(type) {
	case map[string]any:
		out := map[string]any{}
		for k, v := range first {
			keep := true
			for _, a := range args[1:] {
				m, ok := a.(map[string]any)
				if !ok {
					return ev.fail(sc, e, "intersection() cannot mix objects with %s", typeName(a))
				}
				w, found := m[k]
				if !found {
					keep = false
					break
				}
				eq, known := equal(v, w)
				if !known {
					return iac.Unknown{Reason: "intersection() of values not known before deployment"}
				}
				if !eq {
					keep = false
					break
				}
			}
			if keep {
				out[k] = v
			}
		}
		return out
	case []any:
		out := []any{}
		for _, x := range first {
			if hasUnknown(x) {
				return iac.Unknown{Reason: "intersection() of values not known before deployment"}
			}
			keep := true
			for _, a := range args[1:] {
				l, ok := a.([]any)
				if !ok {
					return ev.fail(sc, e, "intersection() cannot mix arrays with %s", typeName(a))
				}
				if hasUnknown(l) {
					return iac.Unknown{Reason: "intersection() of values not known before deployment"}
				}
				if !containsValue(l, x) {
					keep = false
					break
				}
			}
			if keep && !containsValue(out, x) {
				out = append(out, x)
			}
		}
		return out
	}
	return ev.fail(sc, e, "intersection() needs arrays or objects, not %s", typeName(args[0]))
}

func fnCreateObject(ev *evaluator, sc *scope, e *expr, args []any) any {
	if len(args)%2 != 0 {
		return ev.fail(sc, e, "createObject() needs name/value pairs, got %d arguments", len(args))
	}
	out := make(map[string]any, len(args)/2)
	for i := 0; i < len(args); i += 2 {
		k, ok := args[i].(string)
		if !ok {
			if u, isU := args[i].(iac.Unknown); isU {
				return u
			}
			return ev.fail(sc, e, "createObject() property names must be strings, not %s", typeName(args[i]))
		}
		out[k] = args[i+1]
	}
	return out
}

func fnArray(ev *evaluator, sc *scope, e *expr, args []any) any {
	switch t := args[0].(type) {
	case []any:
		return t
	case iac.Unknown:
		return t
	}
	return []any{args[0]}
}

func fnFirst(ev *evaluator, sc *scope, e *expr, args []any) any {
	switch t := args[0].(type) {
	case []any:
		if len(t) == 0 {
			return nil
		}
		return t[0]
	case string:
		u := toUTF16(t)
		if len(u) == 0 {
			return ""
		}
		return fromUTF16(u[:1])
	}
	return ev.fail(sc, e, "first() needs an array or a string, not %s", typeName(args[0]))
}

func fnLast(ev *evaluator, sc *scope, e *expr, args []any) any {
	switch t := args[0].(type) {
	case []any:
		if len(t) == 0 {
			return nil
		}
		return t[len(t)-1]
	case string:
		u := toUTF16(t)
		if len(u) == 0 {
			return ""
		}
		return fromUTF16(u[len(u)-1:])
	}
	return ev.fail(sc, e, "last() needs an array or a string, not %s", typeName(args[0]))
}

func clampCount(n int64, l int) int {
	if n < 0 {
		return 0
	}
	if n > int64(l) {
		return l
	}
	return int(n)
}

func fnSkip(ev *evaluator, sc *scope, e *expr, args []any) any {
	n, ok := toInt(args[1])
	if !ok {
		return ev.fail(sc, e, "skip() needs an integer count")
	}
	switch t := args[0].(type) {
	case []any:
		return append([]any{}, t[clampCount(n, len(t)):]...)
	case string:
		u := toUTF16(t)
		return fromUTF16(u[clampCount(n, len(u)):])
	}
	return ev.fail(sc, e, "skip() needs an array or a string, not %s", typeName(args[0]))
}

func fnTake(ev *evaluator, sc *scope, e *expr, args []any) any {
	n, ok := toInt(args[1])
	if !ok {
		return ev.fail(sc, e, "take() needs an integer count")
	}
	switch t := args[0].(type) {
	case []any:
		return append([]any{}, t[:clampCount(n, len(t))]...)
	case string:
		u := toUTF16(t)
		return fromUTF16(u[:clampCount(n, len(u))])
	}
	return ev.fail(sc, e, "take() needs an array or a string, not %s", typeName(args[0]))
}

func minMax(min bool) func(*evaluator, *scope, *expr, []any) any {
	return func(ev *evaluator, sc *scope, e *expr, args []any) any {
		vals := args
		if len(args) == 1 {
			if l, ok := args[0].([]any); ok {
				vals = l
			}
		}
		if len(vals) == 0 {
			return ev.fail(sc, e, "%s() of an empty array", e.str)
		}
		var best int64
		for i, v := range vals {
			if u, ok := v.(iac.Unknown); ok {
				return u
			}
			n, ok := toInt(v)
			if !ok {
				return ev.fail(sc, e, "%s() needs integers, not %s", e.str, typeName(v))
			}
			if i == 0 || (min && n < best) || (!min && n > best) {
				best = n
			}
		}
		return best
	}
}

// maxRange bounds range()'s count (ARM's limit).
const maxRange = 10000

func fnRange(ev *evaluator, sc *scope, e *expr, args []any) any {
	start, ok1 := toInt(args[0])
	count, ok2 := toInt(args[1])
	if !ok1 || !ok2 {
		return ev.fail(sc, e, "range() needs two integers")
	}
	if count < 0 || count > maxRange {
		return ev.fail(sc, e, "range() count %d is outside 0..%d", count, maxRange)
	}
	if start > math.MaxInt32-count {
		return ev.fail(sc, e, "range() goes past the largest integer ARM allows")
	}
	out := make([]any, count)
	for i := range out {
		out[i] = start + int64(i)
	}
	return out
}

func fnItems(ev *evaluator, sc *scope, e *expr, args []any) any {
	m, ok := args[0].(map[string]any)
	if !ok {
		return ev.fail(sc, e, "items() needs an object, not %s", typeName(args[0]))
	}
	out := make([]any, 0, len(m))
	for _, k := range sortedKeys(m) {
		out = append(out, map[string]any{"key": k, "value": m[k]})
	}
	return out
}

func fnTryGet(ev *evaluator, sc *scope, e *expr, args []any) any {
	v := args[0]
	for _, k := range args[1:] {
		switch t := v.(type) {
		case iac.Unknown:
			return t
		case map[string]any:
			s, ok := k.(string)
			if !ok {
				return nil
			}
			x, found := lookupFold(t, s)
			if !found {
				return nil
			}
			v = x
		case []any:
			i, ok := toInt(k)
			if !ok || i < 0 || i >= int64(len(t)) {
				return nil
			}
			v = t[i]
		default:
			return nil
		}
	}
	return v
}

func fnJoin(ev *evaluator, sc *scope, e *expr, args []any) any {
	l, ok := args[0].([]any)
	sep, ok2 := args[1].(string)
	if !ok || !ok2 {
		return ev.fail(sc, e, "join() needs an array and a string delimiter")
	}
	parts := make([]string, len(l))
	for i, x := range l {
		if u, ok := x.(iac.Unknown); ok {
			return u
		}
		s, ok := x.(string)
		if !ok {
			return ev.fail(sc, e, "join() needs an array of strings, found %s", typeName(x))
		}
		parts[i] = s
	}
	return strings.Join(parts, sep)
}

func fnFlatten(ev *evaluator, sc *scope, e *expr, args []any) any {
	l, ok := args[0].([]any)
	if !ok {
		return ev.fail(sc, e, "flatten() needs an array, not %s", typeName(args[0]))
	}
	out := []any{}
	for _, x := range l {
		switch t := x.(type) {
		case []any:
			out = append(out, t...)
		case iac.Unknown:
			return t
		default:
			return ev.fail(sc, e, "flatten() needs an array of arrays, found %s", typeName(x))
		}
	}
	return out
}

func fnShallowMerge(ev *evaluator, sc *scope, e *expr, args []any) any {
	l, ok := args[0].([]any)
	if !ok {
		return ev.fail(sc, e, "shallowMerge() needs an array of objects, not %s", typeName(args[0]))
	}
	out := map[string]any{}
	for _, x := range l {
		switch t := x.(type) {
		case map[string]any:
			for k, v := range t {
				out[k] = v
			}
		case iac.Unknown:
			return t
		default:
			return ev.fail(sc, e, "shallowMerge() needs an array of objects, found %s", typeName(x))
		}
	}
	return out
}

// Numbers.

func arith(op string) func(*evaluator, *scope, *expr, []any) any {
	return func(ev *evaluator, sc *scope, e *expr, args []any) any {
		a, ok1 := toInt(args[0])
		b, ok2 := toInt(args[1])
		if !ok1 || !ok2 {
			return ev.fail(sc, e, "%s() needs two integers, not %s and %s", e.str, typeName(args[0]), typeName(args[1]))
		}
		switch op {
		case "add":
			return a + b
		case "sub":
			return a - b
		case "mul":
			return a * b
		}
		if b == 0 {
			return ev.fail(sc, e, "%s() by zero", e.str)
		}
		if op == "div" {
			return a / b
		}
		return a % b
	}
}

// Resource IDs. A resource ID is rendered when every part of it is
// given and known: resourceId() with explicit subscription ID and
// resource group name, tenantResourceId(), subscriptionResourceId() with
// an explicit subscription ID, extensionResourceId() of a known ID.
// Otherwise it depends on the deployment's scope and is Unknown (the
// reason names the resource type and names).

// idSuffix builds "providers/<namespace>/<type1>/<name1>/<type2>/<name2>".
func idSuffix(ev *evaluator, sc *scope, e *expr, typ string, names []any) (string, any) {
	segs := strings.Split(typ, "/")
	if len(segs) < 2 || segs[0] == "" {
		return "", ev.fail(sc, e, "%s(): %q is not a resource type (Namespace/type)", e.str, typ)
	}
	types := segs[1:]
	if len(names) != len(types) {
		return "", ev.fail(sc, e, "%s(): resource type %s needs %d name(s), got %d", e.str, typ, len(types), len(names))
	}
	var b strings.Builder
	b.WriteString("providers/")
	b.WriteString(segs[0])
	for i, t := range types {
		n, ok := names[i].(string)
		if !ok {
			return "", ev.fail(sc, e, "%s(): resource names must be strings, not %s", e.str, typeName(names[i]))
		}
		b.WriteString("/" + t + "/" + n)
	}
	return b.String(), nil
}

// splitScope returns the leading scope arguments (before the resource
// type, the first argument containing '/') and the rest.
func splitScope(args []any) (scopeArgs []any, typ string, names []any, ok bool) {
	for i, a := range args {
		if s, isStr := a.(string); isStr && strings.Contains(s, "/") {
			return args[:i], s, args[i+1:], true
		}
	}
	return nil, "", nil, false
}

func fnResourceID(ev *evaluator, sc *scope, e *expr, args []any) any {
	scopeArgs, typ, names, ok := splitScope(args)
	if !ok || len(scopeArgs) > 2 {
		return ev.fail(sc, e, "resourceId() needs [subscriptionId, [resourceGroupName,]] resourceType, names")
	}
	suffix, bad := idSuffix(ev, sc, e, typ, names)
	if bad != nil {
		return bad
	}
	if len(scopeArgs) == 2 {
		sub, ok1 := scopeArgs[0].(string)
		rg, ok2 := scopeArgs[1].(string)
		if ok1 && ok2 {
			return "/subscriptions/" + sub + "/resourceGroups/" + rg + "/" + suffix
		}
	}
	return iac.Unknown{Reason: "resource ID of " + suffix + " depends on the deployment's subscription and resource group"}
}

func fnSubscriptionResourceID(ev *evaluator, sc *scope, e *expr, args []any) any {
	scopeArgs, typ, names, ok := splitScope(args)
	if !ok || len(scopeArgs) > 1 {
		return ev.fail(sc, e, "subscriptionResourceId() needs [subscriptionId,] resourceType, names")
	}
	suffix, bad := idSuffix(ev, sc, e, typ, names)
	if bad != nil {
		return bad
	}
	if len(scopeArgs) == 1 {
		if sub, ok := scopeArgs[0].(string); ok {
			return "/subscriptions/" + sub + "/" + suffix
		}
	}
	return iac.Unknown{Reason: "resource ID of " + suffix + " depends on the deployment's subscription"}
}

func fnTenantResourceID(ev *evaluator, sc *scope, e *expr, args []any) any {
	typ, ok := args[0].(string)
	if !ok {
		return ev.fail(sc, e, "tenantResourceId() needs a resource type")
	}
	suffix, bad := idSuffix(ev, sc, e, typ, args[1:])
	if bad != nil {
		return bad
	}
	return "/" + suffix
}

func fnExtensionResourceID(ev *evaluator, sc *scope, e *expr, args []any) any {
	base, ok1 := args[0].(string)
	typ, ok2 := args[1].(string)
	if !ok1 || !ok2 {
		return ev.fail(sc, e, "extensionResourceId() needs a base resource ID and a resource type")
	}
	suffix, bad := idSuffix(ev, sc, e, typ, args[2:])
	if bad != nil {
		return bad
	}
	return strings.TrimSuffix(base, "/") + "/" + suffix
}

func fnManagementGroupResourceID(ev *evaluator, sc *scope, e *expr, args []any) any {
	scopeArgs, typ, names, ok := splitScope(args)
	if !ok || len(scopeArgs) > 1 {
		return ev.fail(sc, e, "managementGroupResourceId() needs [managementGroupName,] resourceType, names")
	}
	suffix, bad := idSuffix(ev, sc, e, typ, names)
	if bad != nil {
		return bad
	}
	if len(scopeArgs) == 1 {
		if mg, ok := scopeArgs[0].(string); ok {
			return "/providers/Microsoft.Management/managementGroups/" + mg + "/" + suffix
		}
	}
	return iac.Unknown{Reason: "resource ID of " + suffix + " depends on the deployment's management group"}
}
