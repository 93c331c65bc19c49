package main

// One request per line on stdin: {"field", "items"}; one answer per line: {"order"} (original
// positions after kubectl's own get.SortObjects) or {"err"}.
import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	kjson "k8s.io/apimachinery/pkg/util/json"
	"k8s.io/kubectl/pkg/cmd/get"
	"k8s.io/kubectl/pkg/scheme"
)

type req struct {
	Field string            `json:"field"`
	Items []json.RawMessage `json:"items"`
}

func main() {
	sc := bufio.NewScanner(os.Stdin)
	sc.Buffer(make([]byte, 1<<26), 1<<26)
	enc := json.NewEncoder(os.Stdout)
	for sc.Scan() {
		var r req
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			panic(err)
		}
		objs := []runtime.Object{}
		for i, raw := range r.Items {
			m := map[string]interface{}{}
			if err := kjson.Unmarshal(raw, &m); err != nil {
				panic(err)
			}
			m["idx"] = int64(i)
			objs = append(objs, &unstructured.Unstructured{Object: m})
		}
		out := map[string]interface{}{}
		func() {
			defer func() {
				if x := recover(); x != nil {
					out["err"] = fmt.Sprintf("PANIC %v", x)
				}
			}()
			sorter, err := get.SortObjects(scheme.Codecs.UniversalDecoder(), objs, r.Field)
			if err != nil {
				out["err"] = err.Error()
				return
			}
			order := []int{}
			for i := range objs {
				order = append(order, sorter.OriginalPosition(i))
			}
			out["order"] = order
		}()
		enc.Encode(out)
	}
}
