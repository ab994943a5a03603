package asset

import (
	"time"

	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
)

// Asset is one resource, from any source.
type Asset struct {
	Provider      string
	Account       string
	Region        string
	Type          string
	ID            string
	Name          string
	Tags          map[string]string
	Relationships []Relationship
	Source        Source

	// Root is the typed value rules read as `resource`; it holds the
	// envelope fields above and the type's attributes.
	Root *Object

	ctx *Context
}

// Relationship is a typed reference from one asset to another by id.
type Relationship struct {
	Type   string `json:"type"`           // e.g. attached_to, member_of
	Target string `json:"target"`         // the other asset's id
	Kind   string `json:"kind,omitempty"` // the other asset's type, when known
}

// Source records where an asset came from: a collector at a time, or an IaC
// file and line range.
type Source struct {
	Collector   string    `json:"collector,omitempty"`
	CollectedAt time.Time `json:"collected_at,omitzero"`
	File        string    `json:"file,omitempty"`
	StartLine   int       `json:"start_line,omitempty"`
	EndLine     int       `json:"end_line,omitempty"`
	// Attributes locates attributes in code (IaC): attribute path
	// ("public_access_block.block_public_policy") → where it is written,
	// possibly in another resource folded into this asset. A pointer
	// keeps Source comparable.
	Attributes *Spans `json:"attributes,omitempty"`
}

// Spans maps attribute paths to where they are written.
type Spans map[string]Span

// Span is a range of lines in a file (1-based, inclusive).
type Span struct {
	File      string `json:"file"`
	StartLine int    `json:"start_line"`
	EndLine   int    `json:"end_line"`
}

// New returns an asset of schema s with its envelope filled in.
func New(s *TypeSchema, account, region, id, name string) *Asset {
	a := &Asset{Provider: s.Provider, Account: account, Region: region, Type: s.Name, ID: id, Name: name}
	a.Root = NewObject(s.Root)
	a.Root.asset = a
	return a
}

// envelope returns envelope field i (see envelopeFields) as a CEL value. The
// envelope is read from the Asset on demand rather than stored in the root
// object: rules rarely read it, and boxing seven values per asset would cost
// every scan allocations it does not need.
func (a *Asset) envelope(i int) ref.Val {
	switch i {
	case 0:
		return types.String(a.ID)
	case 1:
		return types.String(a.Name)
	case 2:
		return types.String(a.Provider)
	case 3:
		return types.String(a.Account)
	case 4:
		return types.String(a.Region)
	case 5:
		return types.String(a.Type)
	case 6:
		if a.Tags == nil {
			return emptyStringMap
		}
		return types.NewStringStringMap(types.DefaultTypeAdapter, a.Tags)
	}
	return nil
}

// SetTags replaces the asset's tags.
func (a *Asset) SetTags(tags map[string]string) { a.Tags = tags }

// Context lets relation fields and the `account` variable reach other assets
// of the same scan. It is built before evaluation and read concurrently.
type Context struct {
	accounts    map[string]*Asset                  // provider/account -> account asset
	byType      map[string]map[string][]*Asset     // type -> provider/account -> assets
	indexes     map[*Relation]map[string][]ref.Val // relation -> scope key + match value -> roots
	accountType map[string]string                  // provider -> account asset type
}

// NewContext returns an empty context. accountTypes names, per provider,
// the asset type that describes an account (aws -> aws.account).
func NewContext(accountTypes map[string]string) *Context {
	return &Context{
		accounts:    map[string]*Asset{},
		byType:      map[string]map[string][]*Asset{},
		indexes:     map[*Relation]map[string][]ref.Val{},
		accountType: accountTypes,
	}
}

// Add records an asset the context must be able to reach. It must not be
// called once evaluation has started.
func (c *Context) Add(a *Asset) {
	key := a.Provider + "/" + a.Account
	if c.accountType[a.Provider] == a.Type {
		c.accounts[key] = a
	}
	m := c.byType[a.Type]
	if m == nil {
		m = map[string][]*Asset{}
		c.byType[a.Type] = m
	}
	m[key] = append(m[key], a)
	c.indexes = map[*Relation]map[string][]ref.Val{} // invalidate
	a.ctx = c
}

// Attach lets a's relation fields resolve through c.
func (c *Context) Attach(a *Asset) { a.ctx = c }

// Prepare builds the lookup index of every relation in fields; call it
// once after the last Add and before evaluation.
func (c *Context) Prepare(rels []*Relation) {
	for _, rel := range rels {
		if _, done := c.indexes[rel]; done {
			continue
		}
		idx := map[string][]ref.Val{}
		for acct, list := range c.byType[rel.Target] {
			for _, t := range list {
				k := acct
				if rel.Scope == ScopeRegion {
					k += "/" + t.Region
				}
				if rel.TargetField != "" {
					v, ok := t.Root.Get(rel.TargetField)
					if !ok {
						continue
					}
					s, ok := v.(types.String)
					if !ok {
						continue
					}
					k += "|" + string(s)
				}
				idx[k] = append(idx[k], t.Root)
			}
		}
		c.indexes[rel] = idx
	}
}

// Account returns the account asset of a's account, if the scan has one.
func (c *Context) Account(a *Asset) (*Asset, bool) {
	if c == nil {
		return nil, false
	}
	acct, ok := c.accounts[a.Provider+"/"+a.Account]
	return acct, ok
}

// Related resolves relation field f of asset a.
func (c *Context) Related(a *Asset, f *Field) ref.Val {
	rel := f.Relation
	idx, ok := c.indexes[rel]
	if !ok {
		return types.NewErr("relation %s.%s was not prepared", a.Type, f.Name)
	}
	k := a.Provider + "/" + a.Account
	if rel.Scope == ScopeRegion {
		k += "/" + a.Region
	}
	if rel.TargetField != "" {
		self := rel.SelfField
		if self == "" {
			self = "id"
		}
		v, ok := a.Root.Get(self)
		if !ok {
			return emptyList
		}
		if types.IsUnknown(v) {
			return v
		}
		s, ok := v.(types.String)
		if !ok {
			return emptyList
		}
		k += "|" + string(s)
	}
	list := idx[k]
	if len(list) == 0 {
		return emptyList
	}
	return types.NewRefValList(types.DefaultTypeAdapter, list)
}
