package gateway

import (
	"net/http"
	"sync"
	"time"
)

// Limiter throttles clients by IP.
type Limiter struct {
	mu      sync.Mutex
	buckets map[string]int
	limit   int
}

// @iso27001 A.8.6, A.8.16 — per-client request limits protect capacity; rejections are monitored
func (l *Limiter) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		l.mu.Lock()
		l.buckets[r.RemoteAddr]++
		over := l.buckets[r.RemoteAddr] > l.limit
		l.mu.Unlock()
		if over {
			w.Header().Set("Retry-After", "1")
			http.Error(w, "too many requests", http.StatusTooManyRequests)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// Reset clears the buckets every window.
func (l *Limiter) Reset(window time.Duration) {
	for range time.Tick(window) {
		l.mu.Lock()
		l.buckets = map[string]int{}
		l.mu.Unlock()
	}
}
