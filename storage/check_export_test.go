package storage

import (
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// BucketRoot returns the root page of a top-level bucket of the (closed)
// database at path and the file's page size, so tests can damage a page
// that is in use.
func BucketRoot(path, bucket string) (root uint64, pageSize int, err error) {
	bdb, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second, ReadOnly: true})
	if err != nil {
		return 0, 0, err
	}
	defer bdb.Close()
	err = bdb.View(func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte(bucket))
		if b == nil {
			return fmt.Errorf("no bucket %q", bucket)
		}
		root = uint64(b.Root())
		return nil
	})
	return root, bdb.Info().PageSize, err
}
