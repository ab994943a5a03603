package engine

import (
	"cloudward/asset"

	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
)

// provider exposes asset schemas to the CEL type checker and interpreter.
// Field access goes through the schema's precomputed getters, so selecting
// resource.encryption.enabled is two slice lookups, with no maps or reflection.
type provider struct {
	*types.Registry // built-in CEL types
	objects         map[string]*asset.ObjectSchema
	fields          map[string]map[string]*types.FieldType
}

func newProvider(reg *asset.Registry) *provider {
	base, err := types.NewRegistry()
	if err != nil {
		panic(err) // only fails on bad proto descriptors, and none are passed
	}
	p := &provider{
		Registry: base,
		objects:  reg.Objects(),
		fields:   map[string]map[string]*types.FieldType{},
	}
	for name, o := range p.objects {
		m := make(map[string]*types.FieldType, len(o.Fields))
		for _, f := range o.Fields {
			m[f.Name] = &types.FieldType{Type: f.Type.CELType(), IsSet: f.Tester(), GetFrom: f.Getter()}
		}
		p.fields[name] = m
	}
	return p
}

func (p *provider) FindStructType(name string) (*types.Type, bool) {
	if o, ok := p.objects[name]; ok {
		return types.NewTypeTypeWithParam(o.CELType()), true
	}
	return p.Registry.FindStructType(name)
}

func (p *provider) FindStructFieldNames(name string) ([]string, bool) {
	if o, ok := p.objects[name]; ok {
		names := make([]string, len(o.Fields))
		for i, f := range o.Fields {
			names[i] = f.Name
		}
		return names, true
	}
	return p.Registry.FindStructFieldNames(name)
}

func (p *provider) FindStructFieldType(name, field string) (*types.FieldType, bool) {
	if m, ok := p.fields[name]; ok {
		ft, ok := m[field]
		return ft, ok
	}
	return p.Registry.FindStructFieldType(name, field)
}

func (p *provider) NewValue(name string, fields map[string]ref.Val) ref.Val {
	if _, ok := p.objects[name]; ok {
		return types.NewErr("asset objects cannot be constructed in a rule: %s", name)
	}
	return p.Registry.NewValue(name, fields)
}
