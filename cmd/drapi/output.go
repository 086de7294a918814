package main

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"reflect"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"
)

// Output formats of --output.
const (
	outJSON  = "json"
	outJSONL = "jsonl"
	outTable = "table"
)

// outputFlags are --output and --fields.
type outputFlags struct {
	format string   // "" picks by what is printed and where
	fields []string // field paths such as id or shipping.address.city
	shows  reflect.Type
}

func (o *outputFlags) register(cmd *cobra.Command) {
	fs := cmd.PersistentFlags()
	fs.StringVarP(&o.format, "output", "o", "", "output `FORMAT`: json, jsonl (one object per line) or table (default: table for lists on a terminal, else json; jsonl for --all)")
	fs.StringSliceVar(&o.fields, "fields", nil, "print only the fields `FIELD,...`, in any output format (id,email,shipping.address.city)")
	_ = cmd.RegisterFlagCompletionFunc("output", cobra.FixedCompletions([]string{outJSON, outJSONL, outTable}, cobra.ShellCompDirectiveNoFileComp))
}

// check refuses an unknown format, and fields the printed type does not have.
func (o *outputFlags) check() error {
	switch o.format {
	case "", outJSON, outJSONL, outTable:
	default:
		return usagef("--output %q: want json, jsonl or table", o.format)
	}
	// id, email, as typed or as a shell variable builds it: no spaces, no empty names.
	fields := o.fields[:0]
	for _, f := range o.fields {
		if f = strings.TrimSpace(f); f != "" {
			fields = append(fields, f)
		}
	}
	o.fields = fields
	if o.shows == nil {
		return nil
	}
	known := jsonFields(o.shows)
	for _, f := range o.fields {
		top, _, _ := strings.Cut(f, ".")
		if top == "" || !slices.Contains(known, top) {
			msg := fmt.Sprintf("--fields: %s has no field %q", o.shows.Name(), f)
			if s := closest(top, known); s != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", s)
			}
			return usagef("%s; its fields: %s", msg, strings.Join(known, ", "))
		}
	}
	return nil
}

// jsonFields lists the JSON names of a struct type's fields, in order.
func jsonFields(t reflect.Type) []string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	var names []string
	for f := range t.Fields() {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name != "" && name != "-" {
			names = append(names, name)
		}
	}
	return names
}

// tableColumns are the columns of a table of each printed type, unless
// --fields names others.
var tableColumns = map[string][]string{
	"Customer": {"id", "createdTime", "email", "type"},
	"Order":    {"id", "createdTime", "state", "totalAmount", "currency", "customerId"},
	"Source":   {"id", "createdTime", "type", "state", "customerId"},
}

// columnTitles rename a few columns for tables.
var columnTitles = map[string]string{"createdTime": "CREATED", "totalAmount": "TOTAL", "customerId": "CUSTOMER"}

// printer prints what a command returns in the chosen format.
type printer struct {
	e   *env
	o   *outputFlags
	bw  *bufio.Writer
	tw  *tabwriter.Writer
	n   int // objects printed
	arr bool
}

func (x *call) printer() *printer {
	return &printer{e: x.env, o: x.out, bw: bufio.NewWriter(x.env.stdout)}
}

// columns returns the field paths a table or a projection shows.
func (p *printer) columns(v any) []string {
	if len(p.o.fields) > 0 {
		return p.o.fields
	}
	t := reflect.TypeOf(v)
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return tableColumns[t.Name()]
}

// object returns v as a generic JSON value, projected on --fields.
func (p *printer) object(v any) (any, error) {
	if len(p.o.fields) == 0 {
		return v, nil
	}
	m, err := toMap(v)
	if err != nil {
		return nil, err
	}
	out := make(orderedObject, 0, len(p.o.fields))
	for _, f := range p.o.fields {
		out = append(out, field{f, lookup(m, f)})
	}
	return out, nil
}

// one prints a single object: JSON (indented on a terminal) unless --output
// says otherwise.
func (p *printer) one(v any) error {
	switch p.o.format {
	case outTable:
		if err := p.row(v); err != nil {
			return err
		}
		return p.flush()
	case outJSONL:
		if err := p.line(v); err != nil {
			return err
		}
		return p.flush()
	}
	obj, err := p.object(v)
	if err != nil {
		return err
	}
	return p.writeJSON(obj)
}

// writeJSON prints v as JSON as it is, indented on a terminal.
func (p *printer) writeJSON(v any) error {
	var (
		b   []byte
		err error
	)
	if p.e.isTerminal {
		b, err = json.MarshalIndent(v, "", "  ")
	} else {
		b, err = json.Marshal(v)
	}
	if err != nil {
		return err
	}
	p.bw.Write(append(b, '\n'))
	return p.flush()
}

// listFormat is the format of a list: --output, else a table on a terminal,
// else json for one page and jsonl for --all.
func (p *printer) listFormat(all bool) string {
	switch {
	case p.o.format != "":
		return p.o.format
	case p.e.isTerminal:
		return outTable
	case all:
		return outJSONL
	}
	return outJSON
}

// page prints one page of a list; backwards is a page asked for with
// --ending-before, whose hasMore is about the newer objects.
func page[T any](p *printer, whole any, items []T, hasMore, backwards bool, what string) error {
	switch p.listFormat(false) {
	case outJSON:
		if len(p.o.fields) > 0 {
			objs := make([]any, 0, len(items))
			for i := range items {
				o, err := p.object(&items[i])
				if err != nil {
					return err
				}
				objs = append(objs, o)
			}
			// Projected already: p.one would look for the fields in the list.
			return p.writeJSON(map[string]any{"data": objs, "hasMore": hasMore})
		}
		return p.one(whole)
	case outJSONL:
		for i := range items {
			if err := p.line(&items[i]); err != nil {
				return err
			}
		}
	case outTable:
		for i := range items {
			if err := p.row(&items[i]); err != nil {
				return err
			}
		}
		if len(items) == 0 {
			fmt.Fprintf(p.e.stderr, "drapi: no %s\n", what)
		}
		switch {
		case !hasMore || len(items) == 0:
		case backwards:
			defer fmt.Fprintf(p.e.stderr, "drapi: more %s: --ending-before %s for the previous page, --all for every page\n", what, idOf(&items[0]))
		default:
			defer fmt.Fprintf(p.e.stderr, "drapi: more %s: --starting-after %s for the next page, --all for every page\n", what, idOf(&items[len(items)-1]))
		}
	}
	return p.flush()
}

// marshal is v, with only the --fields asked for, as compact JSON.
func (p *printer) marshal(v any) ([]byte, error) {
	obj, err := p.object(v)
	if err != nil {
		return nil, err
	}
	return json.Marshal(obj)
}

// line prints v as one JSON line.
func (p *printer) line(v any) error {
	b, err := p.marshal(v)
	if err != nil {
		return err
	}
	p.bw.Write(append(b, '\n'))
	p.n++
	return nil
}

// row adds v to the table, starting it with its header.
func (p *printer) row(v any) error {
	cols := p.columns(v)
	if p.tw == nil {
		p.tw = tabwriter.NewWriter(p.bw, 0, 4, 2, ' ', 0)
		titles := make([]string, len(cols))
		for i, c := range cols {
			titles[i] = cmp.Or(columnTitles[c], strings.ToUpper(c))
		}
		fmt.Fprintln(p.tw, strings.Join(titles, "\t"))
	}
	m, err := toMap(v)
	if err != nil {
		return err
	}
	cells := make([]string, len(cols))
	for i, c := range cols {
		cells[i] = cell(lookup(m, c))
	}
	fmt.Fprintln(p.tw, strings.Join(cells, "\t"))
	p.n++
	return nil
}

// element prints v as an element of a JSON array (--all --output json).
func (p *printer) element(v any) error {
	b, err := p.marshal(v)
	if err != nil {
		return err
	}
	if !p.arr {
		p.bw.WriteString("[\n")
		p.arr = true
	} else {
		p.bw.WriteString(",\n")
	}
	p.bw.Write(b)
	p.n++
	return nil
}

// flush writes out what is buffered; a table is aligned once it is complete.
func (p *printer) flush() error {
	if p.tw != nil {
		if err := p.tw.Flush(); err != nil {
			return err
		}
	}
	return p.bw.Flush()
}

// finish ends the output of --all.
func (p *printer) finish(format string) error {
	if format == outJSON {
		if !p.arr {
			p.bw.WriteString("[")
		}
		p.bw.WriteString("\n]\n")
	}
	return p.flush()
}

// streamAll prints every object of a paged list, stopping at the first error
// or after --max objects. jsonl lines are flushed one by one; a table is
// printed at the end, aligned. On a terminal, stderr shows the progress.
func streamAll[T any](ctx context.Context, x *call, seq iter.Seq2[T, error], max int, what string) error {
	p := x.printer()
	format := p.listFormat(true)
	// Objects streamed to the same terminal are progress enough; a line of
	// progress between them would break theirs.
	prog := newProgress(x, what, x.progress && (format == outTable || !x.env.isTerminal))
	defer prog.done() // on an early return; done twice is harmless
	for v, err := range seq {
		if err != nil {
			prog.done()
			if !errors.Is(err, errDryRun) { // nothing was sent: no list to end
				p.finish(format)
			}
			return err
		}
		switch format {
		case outJSONL:
			err = p.line(&v)
			if err == nil {
				err = p.bw.Flush()
			}
		case outTable:
			err = p.row(&v)
		default:
			err = p.element(&v)
		}
		if err != nil {
			return err
		}
		prog.update(p.n)
		if max > 0 && p.n >= max {
			break
		}
	}
	prog.done() // clear the progress line before a table is printed
	if format == outTable && p.n == 0 {
		fmt.Fprintf(x.env.stderr, "drapi: no %s\n", what)
	}
	return p.finish(format)
}

// progress shows on a terminal's stderr how far --all has come.
type progress struct {
	x     *call
	what  string
	on    bool
	last  time.Time
	shown bool
}

func newProgress(x *call, what string, on bool) *progress {
	return &progress{x: x, what: what, on: on}
}

func (pr *progress) update(items int) {
	if !pr.on || time.Since(pr.last) < 100*time.Millisecond && items%100 != 0 {
		return
	}
	pr.last = time.Now()
	pages := int64(0)
	if pr.x.pages != nil {
		pages = pr.x.pages.value()
	}
	fmt.Fprintf(pr.x.env.stderr, "\r\033[Kdrapi: %d %s so far, %d pages fetched", items, pr.what, pages)
	pr.shown = true
}

func (pr *progress) done() {
	if pr.shown {
		fmt.Fprint(pr.x.env.stderr, "\r\033[K")
		pr.shown = false
	}
}

// toMap returns v's JSON form as generic values.
func toMap(v any) (map[string]any, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var m map[string]any
	err = dec.Decode(&m)
	return m, err
}

// lookup follows a dotted path (shipping.address.city) into m; nil when a
// step is missing.
func lookup(m map[string]any, path string) any {
	var cur any = m
	for step := range strings.SplitSeq(path, ".") {
		obj, ok := cur.(map[string]any)
		if !ok {
			return nil
		}
		cur = obj[step]
	}
	return cur
}

// cell renders a value for a table.
func cell(v any) string {
	switch v := v.(type) {
	case nil:
		return "-"
	case string:
		return v
	case json.Number:
		return v.String()
	case bool:
		return fmt.Sprint(v)
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// idOf returns the id field of an API object.
func idOf(v any) string {
	m, err := toMap(v)
	if err != nil {
		return ""
	}
	return cell(m["id"])
}

// field and orderedObject print --fields in the order given.
type field struct {
	name  string
	value any
}

type orderedObject []field

// MarshalJSON encodes the fields as one object, in their order.
func (o orderedObject) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, f := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		k, err := json.Marshal(f.name)
		if err != nil {
			return nil, err
		}
		v, err := json.Marshal(f.value)
		if err != nil {
			return nil, err
		}
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}
