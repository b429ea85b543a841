package pgstore

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/zhenggai/zhenggai/corpus"
	"github.com/zhenggai/zhenggai/indexer/store"
)

var jsonUnmarshal = json.Unmarshal

// Put stores the original bytes and the record with its measures and theme
// tags in one transaction, and logs the change. Idempotent by the sha256 of
// the bytes, also when several servers put the same bytes at once: the
// unique key of originals decides, and the losers return the winner's id
// with created false.
func (s *Store) Put(ctx context.Context, o store.Original, d *corpus.Disclosure) (id string, created bool, err error) {
	sha, err := store.CheckPut(o, d)
	if err != nil {
		return "", false, fmt.Errorf("put disclosure: %w", err)
	}
	record, err := json.Marshal(d)
	if err != nil {
		return "", false, fmt.Errorf("put disclosure %s: encode record: %w", d.ID, err)
	}
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return "", false, fmt.Errorf("put disclosure %s: begin: %w", d.ID, err)
	}
	defer tx.Rollback(ctx) //nolint:errcheck // after Commit it is a no-op
	if id, created, err = s.putTx(ctx, tx, sha, record, o, d); err != nil || !created {
		return id, created, err
	}
	if err := tx.Commit(ctx); err != nil {
		return "", false, fmt.Errorf("put disclosure %s: commit: %w", d.ID, err)
	}
	s.log.DebugContext(ctx, "disclosure stored", "id", d.ID, "sha256", sha)
	return d.ID, true, nil
}

// putTx writes one record in tx (Put's transaction, or a savepoint of
// PutBatch's): the original, the record, its measures and theme tags, and
// the change. created is false when the bytes are stored already.
func (s *Store) putTx(ctx context.Context, tx pgx.Tx, sha string, record []byte, o store.Original, d *corpus.Disclosure) (id string, created bool, err error) {
	inserted, err := s.insertOriginal(ctx, tx, sha, o, d)
	if err != nil {
		return "", false, err
	}
	if !inserted {
		// Stored before, or by a concurrent writer that has committed
		// by now (the insert waited for it).
		if err := tx.QueryRow(ctx, "SELECT id FROM disclosures WHERE sha256 = $1", sha).Scan(&id); err != nil {
			return "", false, fmt.Errorf("put disclosure %s: look up sha256: %w", d.ID, notFound(err))
		}
		return id, false, nil
	}
	if err := s.insertRecord(ctx, tx, sha, record, d); err != nil {
		return "", false, err
	}
	return d.ID, true, nil
}

// insertOriginal inserts the original bytes unless they are stored
// already (inserted false).
func (s *Store) insertOriginal(ctx context.Context, tx pgx.Tx, sha string, o store.Original, d *corpus.Disclosure) (inserted bool, err error) {
	data := o.Data
	if data == nil {
		data = []byte{}
	}
	tag, err := tx.Exec(ctx, `INSERT INTO originals (sha256, data, path, format, encoding, size, added_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (sha256) DO NOTHING`,
		sha, data, orElse(o.Path, d.Source.Path), orElse(o.Format, d.Source.Format),
		orElse(o.Encoding, d.Source.Encoding), int64(len(o.Data)), now())
	if err != nil {
		return false, fmt.Errorf("put disclosure %s: insert original: %w", d.ID, err)
	}
	return tag.RowsAffected() > 0, nil
}

// insertRecord inserts the record of an inserted original, its measures and
// theme tags, and logs the change.
func (s *Store) insertRecord(ctx context.Context, tx pgx.Tx, sha string, record []byte, d *corpus.Disclosure) error {
	at := now()
	in := d.Inspection
	b := &pgx.Batch{}
	b.Queue(`INSERT INTO disclosures (id, sha256, record, kind, title, unit, body, level, term, round, round_key,
			group_name, type, published, year, measure_count, parser_version, added_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)`,
		d.ID, sha, string(record), string(d.Kind), d.Title, d.Unit, in.Body, in.Level, intArg(in.Term),
		intArg(in.Round), store.RoundKey(in), in.Group, in.Type, d.Published, yearArg(d.Published),
		int32(len(d.Measures)), s.parserVersion, at)
	for i, m := range d.Measures {
		b.Queue(`INSERT INTO measures (id, disclosure_id, seq, category, problem, number, marker, text)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
			m.ID, d.ID, int32(i+1), int32(m.Category), intArg(m.Problem), int32(m.Number), m.Marker, m.Text)
		for _, t := range m.Themes {
			b.Queue(`INSERT INTO measure_themes (measure_id, theme_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, m.ID, t)
		}
	}
	if err := tx.SendBatch(ctx, b).Close(); err != nil {
		return fmt.Errorf("put disclosure %s: %w", d.ID, err)
	}
	if err := s.logChange(ctx, tx, store.ChangePut, d.ID); err != nil {
		return fmt.Errorf("put disclosure %s: %w", d.ID, err)
	}
	return nil
}

// logChange appends a change and announces it, as the last step of the
// write transaction tx: the advisory lock, held until commit, makes change
// numbers become visible in order.
func (s *Store) logChange(ctx context.Context, tx pgx.Tx, op store.ChangeOp, id string) error {
	if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock($1)", int64(changesLock)); err != nil {
		return fmt.Errorf("lock change log: %w", err)
	}
	var seq int64
	if err := tx.QueryRow(ctx, "INSERT INTO changes (op, disclosure_id) VALUES ($1, $2) RETURNING seq", string(op), id).Scan(&seq); err != nil {
		return fmt.Errorf("log change: %w", err)
	}
	if _, err := tx.Exec(ctx, "SELECT pg_notify($1, $2)", Channel, fmt.Sprint(seq)); err != nil {
		return fmt.Errorf("announce change %d: %w", seq, err)
	}
	return nil
}

// Delete removes the record id with its measures, theme tags and original
// bytes in one transaction, and logs the change.
func (s *Store) Delete(ctx context.Context, id string) error {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("delete disclosure %s: begin: %w", id, err)
	}
	defer tx.Rollback(ctx) //nolint:errcheck // after Commit it is a no-op
	var sha string
	if err := tx.QueryRow(ctx, "DELETE FROM disclosures WHERE id = $1 RETURNING sha256", id).Scan(&sha); err != nil {
		return fmt.Errorf("delete disclosure %s: %w", id, notFound(err))
	}
	if _, err := tx.Exec(ctx, "DELETE FROM originals WHERE sha256 = $1", sha); err != nil {
		return fmt.Errorf("delete original of %s: %w", id, err)
	}
	if err := s.logChange(ctx, tx, store.ChangeDelete, id); err != nil {
		return fmt.Errorf("delete disclosure %s: %w", id, err)
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("delete disclosure %s: commit: %w", id, err)
	}
	s.log.DebugContext(ctx, "disclosure deleted", "id", id, "sha256", sha)
	return nil
}

// MarkIndexed records that the records ids are indexed at version, in one
// statement. Ids not in the store are ignored.
func (s *Store) MarkIndexed(ctx context.Context, version string, ids ...string) error {
	if version == "" {
		return fmt.Errorf("mark indexed: %w: empty index version", store.ErrInvalid)
	}
	if len(ids) == 0 {
		return nil
	}
	if _, err := s.pool.Exec(ctx, "UPDATE disclosures SET indexed_version = $1 WHERE id = ANY($2)", version, ids); err != nil {
		return fmt.Errorf("mark indexed: %w", err)
	}
	return nil
}

// ClearIndexed marks every record as not indexed.
func (s *Store) ClearIndexed(ctx context.Context) error {
	if _, err := s.pool.Exec(ctx, "UPDATE disclosures SET indexed_version = '' WHERE indexed_version != ''"); err != nil {
		return fmt.Errorf("clear indexed versions: %w", err)
	}
	return nil
}

// SetMeta stores value under key, replacing any previous value.
func (s *Store) SetMeta(ctx context.Context, key, value string) error {
	if _, err := s.pool.Exec(ctx,
		"INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
		key, value); err != nil {
		return fmt.Errorf("set meta %s: %w", key, err)
	}
	return nil
}

// PutSignatures stores the signatures made by the hasher named version,
// each replacing its measure's stored one of any version, in one
// statement. Signatures of measures not stored are skipped; a signature
// goes when its measure does.
func (s *Store) PutSignatures(ctx context.Context, version string, sigs []store.MeasureSignature) error {
	if err := store.CheckSignatures(version, sigs); err != nil {
		return fmt.Errorf("put signatures: %w", err)
	}
	if len(sigs) == 0 {
		return nil
	}
	ids := make([]string, len(sigs))
	blobs := make([][]byte, len(sigs))
	for i, g := range sigs {
		ids[i], blobs[i] = g.MeasureID, store.EncodeSignature(g.Signature)
	}
	if _, err := s.pool.Exec(ctx, `INSERT INTO measure_signatures (measure_id, version, sig)
		SELECT u.id, $1, u.sig FROM unnest($2::text[], $3::bytea[]) AS u (id, sig)
		WHERE EXISTS (SELECT 1 FROM measures m WHERE m.id = u.id)
		ON CONFLICT (measure_id) DO UPDATE SET version = excluded.version, sig = excluded.sig`,
		version, ids, blobs); err != nil {
		return fmt.Errorf("put signatures: %w", err)
	}
	return nil
}
