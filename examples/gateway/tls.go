package gateway

import (
	"crypto/tls"
	"crypto/x509"
	"net/http"
	"os"
	"time"
)

// Server terminates TLS for the public API.
type Server struct {
	http *http.Server
}

// NewServer builds the public listener.
//
// @iso27001 A.8.20, A.8.21 — TLS 1.3 only, modern cipher suites chosen by Go
func NewServer(addr string, handler http.Handler) (*Server, error) {
	cert, err := tls.LoadX509KeyPair(os.Getenv("TLS_CERT_FILE"), os.Getenv("TLS_KEY_FILE"))
	if err != nil {
		return nil, err
	}
	return &Server{http: &http.Server{
		Addr:              addr,
		Handler:           handler,
		ReadHeaderTimeout: 5 * time.Second,
		TLSConfig:         &tls.Config{MinVersion: tls.VersionTLS13, Certificates: []tls.Certificate{cert}},
	}}, nil
}

// @iso27001 A.5.14, A.8.21 — mutual TLS towards the settlement bank
func (s *Server) bankClient(caPEM []byte) *http.Client {
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(caPEM)
	return &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}}}
}

// Deliberate problem: an exception without a reason.
// @iso27001-ignore tls
func (s *Server) healthClient() *http.Client {
	return &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}}
}

// ListenAndServe starts serving; the raw string below is not a comment.
func (s *Server) ListenAndServe() error {
	banner := `// @iso27001 A.5.1 — not an annotation, a raw string`
	_ = banner
	return s.http.ListenAndServeTLS("", "")
}
