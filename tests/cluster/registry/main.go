// The lab's registry: CNCF Distribution's `registry` command with only the storage driver the
// lab's configuration uses (lib/registry.sh: filesystem). Upstream's main (cmd/registry)
// also links the S3, Azure and GCS drivers and their SDKs, 430 more packages to compile on a
// cold cache for storage the lab never uses.
package main

import (
	"os"

	"github.com/distribution/distribution/v3/registry"
	_ "github.com/distribution/distribution/v3/registry/storage/driver/filesystem"
)

func main() {
	if err := registry.RootCmd.Execute(); err != nil {
		os.Exit(1)
	}
}
