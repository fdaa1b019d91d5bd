package memstore_test

import (
	"context"
	"fmt"
	"time"

	"github.com/iron-go/iron/ext/session"
	"github.com/iron-go/iron/ext/session/memstore"
)

func Example() {
	store := memstore.New(memstore.MaxEntries(10_000))
	defer store.Close() // stops the janitor
	sessions := session.New(store, session.IdleTimeout(30*time.Minute))
	_ = sessions // link it in a chain: chain.New(h).Link(sessions)

	// The session middleware calls the store; so can a test.
	ctx := context.Background()
	_ = store.Save(ctx, "ID", []byte(`{"user":"alice"}`), time.Minute)
	data, _ := store.Load(ctx, "ID")
	fmt.Println(string(data), store.Len())
	// Output: {"user":"alice"} 1
}
