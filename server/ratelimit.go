package server

import (
	"math"
	"net/http"
	"net/netip"
	"strconv"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
	"golang.org/x/time/rate"
)

// limiter is a token bucket per client address (see clientKey), for one kind of request.
// Addresses not seen for ten minutes are forgotten, so memory stays bounded.
type limiter struct {
	name      string
	perMinute int
	mu        sync.Mutex
	visitors  map[string]*visitor
	swept     time.Time
}

type visitor struct {
	bucket *rate.Limiter
	seen   time.Time
}

// newLimiter allows perMinute requests a minute per address, in bursts of up
// to perMinute; 0 turns the limit off.
func newLimiter(name string, perMinute int) *limiter {
	return &limiter{name: name, perMinute: perMinute, visitors: map[string]*visitor{}}
}

// allow takes a token for key, or says how long until one is free.
func (l *limiter) allow(key string, now time.Time) (bool, time.Duration) {
	if l.perMinute <= 0 {
		return true, 0
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if now.Sub(l.swept) > time.Minute {
		for k, v := range l.visitors {
			if now.Sub(v.seen) > 10*time.Minute {
				delete(l.visitors, k)
			}
		}
		l.swept = now
	}
	v, ok := l.visitors[key]
	if !ok {
		v = &visitor{bucket: rate.NewLimiter(rate.Limit(float64(l.perMinute)/60), l.perMinute)}
		l.visitors[key] = v
	}
	v.seen = now
	r := v.bucket.ReserveN(now, 1)
	if d := r.DelayFrom(now); d > 0 {
		r.CancelAt(now)
		return false, d
	}
	return true, 0
}

// limited reports whether the request is over the limit; if so it has set
// Retry-After and counted the refusal, and the caller shows its own page.
func (s *Server) limited(c *gin.Context, l *limiter) bool {
	ok, wait := l.allow(clientKey(c), time.Now())
	if ok {
		return false
	}
	c.Header("Retry-After", strconv.Itoa(int(math.Ceil(wait.Seconds()))))
	s.Metrics.RateLimited.WithLabelValues(l.name).Inc()
	return true
}

// limit is middleware that answers 429 with a friendly page over the limit.
func (s *Server) limit(l *limiter) gin.HandlerFunc {
	return func(c *gin.Context) {
		if s.limited(c, l) {
			s.handle(func(*gin.Context) error { return errTooMany() })(c)
			c.Abort()
			return
		}
		c.Next()
	}
}

// clientKey is the address a per-address limit counts: an IPv4 address
// whole, an IPv6 address by its /64. One IPv6 host, or one home, is given a
// whole /64 and may send from any of its 2^64 addresses; the /64 is what one
// subscriber has, as one IPv4 address is.
func clientKey(c *gin.Context) string {
	ip, err := netip.ParseAddr(c.ClientIP())
	if err != nil {
		return c.ClientIP()
	}
	ip = ip.Unmap().WithZone("")
	if ip.Is4() {
		return ip.String()
	}
	p, _ := ip.Prefix(64)
	return p.String()
}

func errTooMany() error {
	return &pageError{status: http.StatusTooManyRequests, title: "error.too_many.title", msg: "error.too_many.message"}
}
