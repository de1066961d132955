package community

import "time"

// Category is a kind of problem residents choose, with the time a dispatched
// report of that kind is given by default, and what the centre does with
// it beyond the loop.
type Category struct {
	Name     string        `bson:"_id"`
	Deadline time.Duration `bson:"deadline"`
	Position int           `bson:"position"`
	// PatrolAssign sends a grid worker's patrol find (巡查上报) of this kind
	// straight to the worker who found it; otherwise it waits, accepted,
	// for an operator to dispatch.
	PatrolAssign bool `bson:"patrol_assign,omitempty"`
	// Recheck is how long after a report of this kind closes its re-check
	// (回头看) falls due; 0, the default, asks for none.
	Recheck time.Duration `bson:"recheck,omitempty"`
}
