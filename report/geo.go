package report

// GeoPoint is where the resident's phone said they were when they pressed
// "use my location": only ever sent when they chose to, and shown to staff
// only. It is not a geo index (the embedded database has none), just numbers.
type GeoPoint struct {
	Lat      float64 `bson:"lat" public:"no"`
	Lng      float64 `bson:"lng" public:"no"`
	Accuracy float64 `bson:"accuracy_m,omitempty" public:"no"` // metres, as the phone estimated; 0 when unknown
}
