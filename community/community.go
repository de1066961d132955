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
// Each field's public tag says whether a public page may show it, as on
// report.Report: its code, name and street are on the posters; its grids
// name staff accounts.
type Community struct {
	Code      string    `bson:"_id" public:"yes"`
	Name      string    `bson:"name" public:"yes"`
	Street    string    `bson:"street" public:"yes"`
	Disabled  bool      `bson:"disabled,omitempty" public:"no"`
	Grids     []Grid    `bson:"grids,omitempty" public:"no"`
	CreatedAt time.Time `bson:"created_at" public:"no"`
}

// Grid is a grid (网格) inside a community, with its grid worker (网格员).
type Grid struct {
	Name   string `bson:"name" public:"no"`
	Worker string `bson:"worker,omitempty" public:"no"` // a worker's username
}

// FormURL is the address of the community's report form: what its QR code encodes.
func (c Community) FormURL(baseURL string) string { return baseURL + "/c/" + c.Code }
