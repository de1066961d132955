package community

import "time"

// Category is a kind of problem residents choose, with the time a dispatched
// report of that kind is given by default.
type Category struct {
	Name     string        `bson:"_id"`
	Deadline time.Duration `bson:"deadline"`
	Position int           `bson:"position"`
}
