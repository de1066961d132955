package server

// SwapStore points every part of the server at st. Tests wrap the real store
// to make one call fail, as a database that goes away would.
func (s *Server) SwapStore(st interface {
	reportStore
	placeStore
	figureStore
	accountStore
	auditLog
}) {
	s.reports, s.places, s.figures, s.accounts, s.trail = st, st, st, st, st
}
