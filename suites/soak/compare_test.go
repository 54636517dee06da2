package soak

import (
	"strings"
	"testing"
	"time"
)

// TestDifferencesNameLostAndResurrectedWrites: the soak's final comparison
// fails on a kept resource the server lost and on a deleted one it lists.
func TestDifferencesNameLostAndResurrectedWrites(t *testing.T) {
	got := differences("user", map[string]bool{"a": true, "b": true}, map[string]bool{"b": true, "c": true})
	if len(got) != 2 || !strings.HasPrefix(got[0], "lost write: user a") || !strings.HasPrefix(got[1], "resurrected: user c") {
		t.Fatalf("got %q", got)
	}
	if got := differences("group", map[string]bool{"1": true}, map[string]bool{"1": true}); len(got) != 0 {
		t.Fatalf("the same sets differ: %q", got)
	}
}

func TestLatencyQuantiles(t *testing.T) {
	l := &latencies{}
	for i := 1; i <= 100; i++ {
		l.record(time.Duration(i) * time.Millisecond)
	}
	if p50, p99 := l.quantile(0.5), l.quantile(0.99); p50 < 50*time.Millisecond || p50 > 51*time.Millisecond || p99 < 99*time.Millisecond || p99 > 100*time.Millisecond {
		t.Fatalf("p50 %v p99 %v", p50, p99)
	}
}
