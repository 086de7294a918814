package main

import (
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// specTree is a spec parsed as a plain YAML tree, which keeps every $ref as
// written and the line of every node: what the ref and unused-component
// rules need, and what a loader that resolves refs loses.
type specTree struct {
	root *yaml.Node // the top mapping
}

func parseSpecTree(data []byte) (*specTree, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, err
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, fmt.Errorf("the spec is not a YAML or JSON object")
	}
	return &specTree{root: doc.Content[0]}, nil
}

// child returns the value of key in the mapping n, or nil.
func child(n *yaml.Node, key string) *yaml.Node {
	if n == nil {
		return nil
	}
	n = deref(n)
	if n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

// deref follows YAML aliases.
func deref(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	return n
}

// lookup follows a JSON pointer ("/components/schemas/Order") in the tree.
func (t *specTree) lookup(ptr string) *yaml.Node {
	n := t.root
	if ptr == "" {
		return n
	}
	for _, tok := range strings.Split(strings.TrimPrefix(ptr, "/"), "/") {
		tok = unescapePointer(tok)
		n = deref(n)
		switch n.Kind {
		case yaml.MappingNode:
			n = child(n, tok)
		case yaml.SequenceNode:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(n.Content) {
				return nil
			}
			n = n.Content[i]
		default:
			return nil
		}
		if n == nil {
			return nil
		}
	}
	return n
}

// specRef is one $ref of the spec, and where it is written.
type specRef struct {
	target string // as written: "#/components/schemas/Order"
	at     string // JSON pointer of the object holding the $ref
	line   int
}

// refsUnder lists the $refs within n, whose pointer is at.
func refsUnder(n *yaml.Node, at string) []specRef {
	var out []specRef
	var walk func(n *yaml.Node, at string)
	walk = func(n *yaml.Node, at string) {
		switch n.Kind {
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				k, v := n.Content[i], n.Content[i+1]
				if k.Value == "$ref" && v.Kind == yaml.ScalarNode {
					out = append(out, specRef{target: v.Value, at: at, line: v.Line})
					continue
				}
				// A discriminator's mapping names schemas by ref too.
				if k.Value == "mapping" && v.Kind == yaml.MappingNode {
					for j := 1; j < len(v.Content); j += 2 {
						if s := v.Content[j].Value; strings.HasPrefix(s, "#/") {
							out = append(out, specRef{target: s, at: at + "/mapping", line: v.Content[j].Line})
						}
					}
				}
				walk(v, at+"/"+escapePointer(k.Value))
			}
		case yaml.SequenceNode:
			for i, v := range n.Content {
				walk(v, fmt.Sprintf("%s/%d", at, i))
			}
		}
	}
	walk(n, at)
	return out
}

// escapePointer and unescapePointer convert between a key and a JSON
// pointer token (RFC 6901).
func escapePointer(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1")
}

func unescapePointer(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "~1", "/"), "~0", "~")
}

// refFindings reports every $ref that does not resolve within the file.
func (t *specTree) refFindings() []lintFinding {
	var out []lintFinding
	for _, r := range refsUnder(t.root, "") {
		frag, ok := strings.CutPrefix(r.target, "#")
		switch {
		case !ok:
			out = append(out, lintFinding{Rule: "ref", Where: "#" + r.at, Line: r.line,
				Message: fmt.Sprintf("$ref %q points outside this file; the contract is one file", r.target)})
		case t.lookup(unescapeFragment(frag)) == nil:
			out = append(out, lintFinding{Rule: "ref", Where: "#" + r.at, Line: r.line,
				Message: fmt.Sprintf("$ref %q resolves to nothing", r.target)})
		}
	}
	return out
}

// unescapeFragment undoes the percent-encoding a URI fragment may carry.
func unescapeFragment(s string) string {
	if u, err := url.PathUnescape(s); err == nil {
		return u
	}
	return s
}

// componentKinds are the sections of components whose entries must be used.
var componentKinds = []string{"schemas", "responses", "parameters", "examples", "requestBodies", "headers", "securitySchemes", "links", "callbacks"}

// unusedFindings reports every component that nothing outside components
// reaches, directly or through other components. Security schemes are
// reached by name from security requirements.
func (t *specTree) unusedFindings() []lintFinding {
	components := child(t.root, "components")
	used := map[string]bool{} // "schemas/Order"
	var queue []string
	reach := func(target string) {
		frag, ok := strings.CutPrefix(target, "#/components/")
		if !ok {
			return
		}
		parts := strings.SplitN(unescapeFragment(frag), "/", 3)
		if len(parts) < 2 {
			return
		}
		key := parts[0] + "/" + unescapePointer(parts[1])
		if !used[key] {
			used[key] = true
			queue = append(queue, key)
		}
	}
	// Roots: everything outside components.
	for i := 0; i+1 < len(t.root.Content); i += 2 {
		k, v := t.root.Content[i], t.root.Content[i+1]
		if k.Value == "components" {
			continue
		}
		for _, r := range refsUnder(v, "/"+escapePointer(k.Value)) {
			reach(r.target)
		}
	}
	for _, name := range securityNames(t.root) {
		reach("#/components/securitySchemes/" + escapePointer(name))
	}
	for len(queue) > 0 {
		key := queue[0]
		queue = queue[1:]
		kind, name, _ := strings.Cut(key, "/")
		n := child(child(components, kind), name)
		if n == nil {
			continue
		}
		for _, r := range refsUnder(n, "") {
			reach(r.target)
		}
	}
	var out []lintFinding
	for _, kind := range componentKinds {
		section := deref(child(components, kind))
		if section == nil || section.Kind != yaml.MappingNode {
			continue
		}
		for i := 0; i+1 < len(section.Content); i += 2 {
			name := section.Content[i].Value
			if !used[kind+"/"+name] {
				out = append(out, lintFinding{Rule: "unused", Where: "#/components/" + kind + "/" + escapePointer(name),
					Line: section.Content[i].Line, Message: fmt.Sprintf("components.%s.%s is never used", kind, name)})
			}
		}
	}
	return out
}

// securityNames lists the security schemes named by the document's and the
// operations' security requirements.
func securityNames(root *yaml.Node) []string {
	seen := map[string]bool{}
	add := func(sec *yaml.Node) {
		sec = deref(sec)
		if sec == nil || sec.Kind != yaml.SequenceNode {
			return
		}
		for _, req := range sec.Content {
			req = deref(req)
			if req.Kind != yaml.MappingNode {
				continue
			}
			for i := 0; i < len(req.Content); i += 2 {
				seen[req.Content[i].Value] = true
			}
		}
	}
	add(child(root, "security"))
	if paths := deref(child(root, "paths")); paths != nil && paths.Kind == yaml.MappingNode {
		for i := 1; i < len(paths.Content); i += 2 {
			item := deref(paths.Content[i])
			if item.Kind != yaml.MappingNode {
				continue
			}
			for j := 1; j < len(item.Content); j += 2 {
				add(child(item.Content[j], "security"))
			}
		}
	}
	names := make([]string, 0, len(seen))
	for n := range seen {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}
