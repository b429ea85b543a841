package indexer

import "context"

// ctxKey is the context key of a *T a search hands its searchers (the
// index's impacts and skip lists: bleve builds the searchers and passes
// them only the context).
type ctxKey[T any] struct{}

// withValue returns ctx carrying v; ctx itself when v is nil.
func withValue[T any](ctx context.Context, v *T) context.Context {
	if v == nil {
		return ctx
	}
	return context.WithValue(ctx, ctxKey[T]{}, v)
}

// valueOf returns the *T ctx carries, or nil.
func valueOf[T any](ctx context.Context) *T {
	v, _ := ctx.Value(ctxKey[T]{}).(*T)
	return v
}
