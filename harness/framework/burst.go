package framework

import (
	"fmt"
	"sync"
	"time"

	"github.com/gavv/httpexpect/v2"
	. "github.com/onsi/ginkgo/v2"
)

// Burst is the outcome of calling an operation faster than its rate.
type Burst struct {
	// Limited is the first answer other than ordinary; nil when none was.
	Limited *httpexpect.Response
	// Last is the last answer.
	Last  *httpexpect.Response
	Calls int
	Took  time.Duration
}

// BurstCalls calls call, four at a time (so that a remote target's round
// trip does not keep the pace under its rate), until one answers a status
// other than ordinary or three times rate+1 calls have gone out (the rate
// refills while they do), fewer where the request budget is smaller. A
// burst that ends unlimited yet too slow to exceed rate (rate calls at once
// and rate more each second: a token bucket, or r per one-second window)
// skips the spec, naming what went out as what.
func (f *Framework) BurstCalls(rate, ordinary int, what string, call func() *httpexpect.Response) Burst {
	GinkgoHelper()
	most := 3 * (rate + 1)
	if budget := f.Profile().RequestBudget; budget > 0 && most > budget {
		most = budget
	}
	var (
		mu sync.Mutex
		b  Burst
		wg sync.WaitGroup
	)
	const inFlight = 4
	start := time.Now()
	for range inFlight {
		wg.Add(1)
		go func() {
			defer GinkgoRecover()
			defer wg.Done()
			for {
				mu.Lock()
				if b.Limited != nil || b.Calls >= most {
					mu.Unlock()
					return
				}
				b.Calls++
				mu.Unlock()
				resp := call()
				mu.Lock()
				b.Last = resp
				if resp.Raw().StatusCode != ordinary && b.Limited == nil {
					b.Limited = resp
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	b.Took = time.Since(start)
	if b.Limited == nil && float64(b.Calls) <= float64(rate)*(1+b.Took.Seconds()) {
		Skip(fmt.Sprintf("the %s went out too slowly to exceed the declared rate of %d a second: %d in %.2fs (a loaded machine or a distant target)", what, rate, b.Calls, b.Took.Seconds()))
	}
	return b
}
