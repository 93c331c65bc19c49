module gocheck/templates

go 1.24.0

require (
	k8s.io/apimachinery v0.34.9
	k8s.io/client-go v0.34.9
)

require sigs.k8s.io/json v0.0.0-20241014173422-cfa47c3a1cc8 // indirect
