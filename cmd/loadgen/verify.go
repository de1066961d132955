package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"gridline/database"
	"gridline/photostore"
)

const verifyTimeout = 3 * time.Minute

// storedReport is what verification reads of each report, straight from the
// database with the driver: not through the code under test.
type storedReport struct {
	ID          string   `bson:"_id"`
	Community   string   `bson:"community"`
	Token       string   `bson:"submit_token"`
	Photos      []string `bson:"photos"`
	AfterPhotos []string `bson:"after_photos"`
}

// verification is what the database holds compared with what was acknowledged.
type verification struct {
	where         string
	acknowledged  int
	withPhoto     int
	storedOnce    int
	lost          []string // acknowledged tracking codes with no report
	duplicated    []string // tokens with more than one report
	photosMissing []string // files of acknowledged reports' photos not found
	unacked       int      // stored, but the answer never reached the resident
	unexpected    int      // reports in the community with a token never sent
	orphans       orphanCount
	cleaned       *cleanup // with -clean-orphans
}

// verify connects to the server's database and photo store and checks that
// exactly the acknowledged reports exist, once each, with their photos.
func verify(ctx context.Context, cfg config, subs []submission, w io.Writer) (verification, error) {
	ctx, cancel := context.WithTimeout(ctx, verifyTimeout)
	defer cancel()
	uri, err := cfg.databaseURI()
	if err != nil {
		return verification{}, err
	}
	client, err := mongo.Connect(options.Client().ApplyURI(uri).SetMaxPoolSize(1).
		SetServerSelectionTimeout(30 * time.Second).SetConnectTimeout(5 * time.Second))
	if err != nil {
		return verification{}, fmt.Errorf("verify: connect: %w", err)
	}
	defer client.Disconnect(context.WithoutCancel(ctx))
	db := client.Database(cfg.dbName)
	files := cfg.photoFiles(db)

	reports, err := storedReports(ctx, db)
	if err != nil {
		return verification{}, err
	}
	names, err := files.names(ctx)
	if err != nil {
		return verification{}, err
	}
	v := compare(cfg.community, subs, reports, names)
	v.where = fmt.Sprintf("%s (database %s), photos in %s", uri, cfg.dbName, files)
	v.orphans = countOrphans(reports, names)
	if cfg.cleanOrphans {
		c, err := cleanOrphans(ctx, cfg, db, files, subs, reports)
		if err != nil {
			return v, err
		}
		v.cleaned = &c
	}
	v.print(w)
	return v, nil
}

// databaseURI is -mongo, or the address the embedded server publishes (its
// Unix socket); either must be on this machine.
func (c config) databaseURI() (string, error) {
	uri := c.mongoURI
	if uri == "" {
		var err error
		if uri, err = database.EmbeddedURI(c.dataDir); err != nil {
			return "", fmt.Errorf("verify: %w", err)
		}
	}
	if err := database.CheckLocal(uri); err != nil {
		return "", fmt.Errorf("verify: %w; loadgen only reads this machine's database", err)
	}
	return uri, nil
}

// storedReports reads every report once: the community's for the check,
// all of them for the photos they refer to.
func storedReports(ctx context.Context, db *mongo.Database) ([]storedReport, error) {
	opts := options.Find().SetProjection(bson.M{"community": 1, "submit_token": 1, "photos": 1, "after_photos": 1})
	cur, err := db.Collection("reports").Find(ctx, bson.M{}, opts)
	if err != nil {
		return nil, fmt.Errorf("verify: read reports: %w", err)
	}
	var out []storedReport
	if err := cur.All(ctx, &out); err != nil {
		return nil, fmt.Errorf("verify: read reports: %w", err)
	}
	return out, nil
}

// compare matches the submissions with the community's stored reports.
func compare(community string, subs []submission, reports []storedReport, names map[string]bool) verification {
	byToken := map[string][]storedReport{}
	for _, r := range reports {
		if r.Community == community {
			byToken[r.Token] = append(byToken[r.Token], r)
		}
	}
	var v verification
	sent := map[string]bool{}
	for _, s := range subs {
		if s.token == "" {
			continue // the form never loaded: nothing was sent
		}
		sent[s.token] = true
		stored := byToken[s.token]
		if len(stored) > 1 {
			v.duplicated = append(v.duplicated, s.token)
		}
		if s.tracking == "" {
			v.unacked += min(len(stored), 1)
			continue
		}
		v.acknowledged++
		if s.photo {
			v.withPhoto++
		}
		i := slices.IndexFunc(stored, func(r storedReport) bool { return r.ID == s.tracking })
		if i < 0 {
			v.lost = append(v.lost, s.tracking)
			continue
		}
		if len(stored) == 1 {
			v.storedOnce++
		}
		v.photosMissing = append(v.photosMissing, missingPhotos(s, stored[i], names)...)
	}
	for token := range byToken {
		if !sent[token] {
			v.unexpected++
		}
	}
	return v
}

// missingPhotos names the photo files an acknowledged report should have
// and the store does not: the full size and the thumbnail of each photo.
func missingPhotos(s submission, r storedReport, names map[string]bool) []string {
	if want := map[bool]int{true: 1, false: 0}[s.photo]; len(r.Photos) != want {
		return []string{fmt.Sprintf("%s: %d photos stored, %d sent", r.ID, len(r.Photos), want)}
	}
	var missing []string
	for _, id := range r.Photos {
		for _, name := range []string{photostore.FullName(id), photostore.ThumbName(id)} {
			if !names[name] {
				missing = append(missing, r.ID+": "+name)
			}
		}
	}
	return missing
}

// problems lists what verification found wrong.
func (v verification) problems(cfg config) []error {
	var errs []error
	if len(v.lost) > 0 {
		errs = append(errs, fmt.Errorf("%d acknowledged reports lost: %s", len(v.lost), firstFew(v.lost)))
	}
	if len(v.duplicated) > 0 {
		errs = append(errs, fmt.Errorf("%d tokens stored twice: %s", len(v.duplicated), firstFew(v.duplicated)))
	}
	if len(v.photosMissing) > 0 {
		errs = append(errs, fmt.Errorf("%d photo files missing: %s", len(v.photosMissing), firstFew(v.photosMissing)))
	}
	if v.unexpected > 0 {
		errs = append(errs, fmt.Errorf("%d reports in community %s that loadgen never sent", v.unexpected, cfg.community))
	}
	if c := v.cleaned; c != nil {
		if c.left.files > 0 || c.left.temps > 0 {
			errs = append(errs, fmt.Errorf("after the clean-up, %d orphan photo files and %d temporary files remain", c.left.files, c.left.temps))
		}
		if len(c.photosMissing) > 0 {
			errs = append(errs, fmt.Errorf("the clean-up removed photos of acknowledged reports: %s", firstFew(c.photosMissing)))
		}
	}
	return errs
}

func firstFew(s []string) string {
	if len(s) > 5 {
		return strings.Join(s[:5], ", ") + ", …"
	}
	return strings.Join(s, ", ")
}
