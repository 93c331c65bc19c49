// CoreDNS with only the plugins the lab's Corefile (addons/coredns.yaml) uses: upstream's
// main (coredns.go) imports all ~60 plugins and their cloud SDKs, which is most of its build
// time on a cold cache.
package main

import (
	"github.com/coredns/coredns/core/dnsserver"
	"github.com/coredns/coredns/coremain"
	_ "github.com/coredns/coredns/plugin/cache"
	_ "github.com/coredns/coredns/plugin/errors"
	_ "github.com/coredns/coredns/plugin/health"
	_ "github.com/coredns/coredns/plugin/kubernetes"
	_ "github.com/coredns/coredns/plugin/loadbalance"
	_ "github.com/coredns/coredns/plugin/ready"
	_ "github.com/coredns/coredns/plugin/template"
)

func init() {
	// The order in which they handle a query: upstream's (core/dnsserver/zdirectives.go),
	// without the plugins left out.
	dnsserver.Directives = []string{
		"ready", "health", "errors", "loadbalance", "cache", "template", "kubernetes",
	}
}

func main() {
	coremain.Run()
}
