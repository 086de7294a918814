package client

import "reflect"

// cloneParams returns a deep copy of *p, so that All, paging on while the
// caller goes on, never sees the caller's later changes to the params it was
// given. It copies whatever fields gen generates, so a filter added to the
// contract needs no change here.
func cloneParams[T any](p *T) T {
	var out T
	deepCopy(reflect.ValueOf(&out).Elem(), reflect.ValueOf(p).Elem())
	return out
}

// deepCopy sets dst to a copy of src that shares no pointer, slice or map
// with it; unexported fields (those of time.Time) are copied by value.
func deepCopy(dst, src reflect.Value) {
	switch src.Kind() {
	case reflect.Pointer:
		if !src.IsNil() {
			n := reflect.New(src.Type().Elem())
			deepCopy(n.Elem(), src.Elem())
			dst.Set(n)
		}
	case reflect.Slice:
		if !src.IsNil() {
			n := reflect.MakeSlice(src.Type(), src.Len(), src.Len())
			for i := range src.Len() {
				deepCopy(n.Index(i), src.Index(i))
			}
			dst.Set(n)
		}
	case reflect.Map:
		if !src.IsNil() {
			n := reflect.MakeMapWithSize(src.Type(), src.Len())
			for it := src.MapRange(); it.Next(); {
				v := reflect.New(src.Type().Elem()).Elem()
				deepCopy(v, it.Value())
				n.SetMapIndex(it.Key(), v)
			}
			dst.Set(n)
		}
	case reflect.Struct:
		dst.Set(src)
		for i := range src.NumField() {
			if f := dst.Field(i); f.CanSet() {
				deepCopy(f, src.Field(i))
			}
		}
	default:
		dst.Set(src)
	}
}
