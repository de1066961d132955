// Package community holds what a centre administers, in plain Go: its
// communities (社区/村) with their grids (网格) and grid workers, the codes
// printed on their posters, and the categories residents report under.
//
// A community code is 6 characters from a 30-symbol alphabet without
// look-alikes (30^6 ≈ 7.3e8 codes): short enough for a poster, sparse enough
// that codes are not found by counting.
package community

import "time"

// Community is a community or village (社区/村) under a street or town (街道/镇).
// Its code is printed on posters and is the last part of its form URL.
type Community struct {
	Code      string    `bson:"_id"`
	Name      string    `bson:"name"`
	Street    string    `bson:"street"`
	Disabled  bool      `bson:"disabled,omitempty"`
	Grids     []Grid    `bson:"grids,omitempty"`
	CreatedAt time.Time `bson:"created_at"`
}

// Grid is a grid (网格) inside a community, with its grid worker (网格员).
type Grid struct {
	Name   string `bson:"name"`
	Worker string `bson:"worker,omitempty"` // a worker's username
}

// FormURL is the address of the community's report form: what its QR code encodes.
func (c Community) FormURL(baseURL string) string { return baseURL + "/c/" + c.Code }
