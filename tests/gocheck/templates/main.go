package main

// One request per line on stdin: {"template", "object", "mode": jsonpath, jsonpath-as-json or
// gotemplate}; one answer per line on stdout: {"out", "err"} as client-go / text/template give
// them (kubectl's own engines, with kubectl's missing-keys setting and base64decode).
import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"text/template"

	kjson "k8s.io/apimachinery/pkg/util/json"
	"k8s.io/client-go/util/jsonpath"
)

type req struct {
	Template string          `json:"template"`
	Object   json.RawMessage `json:"object"`
	Mode     string          `json:"mode"`
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
		var obj interface{}
		if err := kjson.Unmarshal(r.Object, &obj); err != nil {
			panic(err)
		}
		var out bytes.Buffer
		var errText string
		func() {
			defer func() {
				if x := recover(); x != nil {
					errText = fmt.Sprintf("PANIC: %v", x)
				}
			}()
			switch r.Mode {
			case "gotemplate":
				t, err := template.New("output").Funcs(template.FuncMap{"base64decode": func(v string) (string, error) {
					data, err := base64.StdEncoding.DecodeString(v)
					if err != nil {
						return "", fmt.Errorf("base64 decode failed: %v", err)
					}
					return string(data), nil
				}}).Parse(r.Template)
				if err != nil {
					errText = "PARSE: " + err.Error()
					return
				}
				t.Option("missingkey=default")
				if err := t.Execute(&out, obj); err != nil {
					errText = "EXEC: " + err.Error()
				}
			default:
				j := jsonpath.New("out").AllowMissingKeys(true)
				if err := j.Parse(r.Template); err != nil {
					errText = "PARSE: " + err.Error()
					return
				}
				j.EnableJSONOutput(r.Mode == "jsonpath-as-json")
				if err := j.Execute(&out, obj); err != nil {
					errText = "EXEC: " + err.Error()
				}
			}
		}()
		enc.Encode(map[string]string{"out": out.String(), "err": errText})
	}
}
