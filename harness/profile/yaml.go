package profile

import (
	"errors"
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"
)

// SetYAML sets the settings of a YAML mapping (the "profile" section of a
// target's configuration, or a whole profile file): setting names to
// scalars, and "absent" to a list or a comma-separated scalar. A wrong
// setting's error names its line. onSet, when given, hears each setting set.
func (p *Profile) SetYAML(node *yaml.Node, onSet func(name, value string)) error {
	if node.Kind == yaml.DocumentNode && len(node.Content) == 1 {
		node = node.Content[0]
	}
	if node.Kind != yaml.MappingNode {
		return errors.New("must be a mapping of profile settings")
	}
	for i := 0; i+1 < len(node.Content); i += 2 {
		key, val := node.Content[i].Value, node.Content[i+1]
		v := val.Value
		if val.Kind == yaml.SequenceNode {
			var items []string
			for _, it := range val.Content {
				items = append(items, it.Value)
			}
			v = strings.Join(items, ",")
		} else if val.Kind != yaml.ScalarNode {
			return fmt.Errorf("line %d: %s must be a single value", val.Line, key)
		}
		if err := p.Set(key, v); err != nil {
			return fmt.Errorf("line %d: %s %q: %v", val.Line, key, v, err)
		}
		if onSet != nil {
			onSet(key, v)
		}
	}
	return nil
}

// ParseYAML sets the settings of a profile file's content.
func (p *Profile) ParseYAML(data []byte) error {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return err
	}
	if doc.Kind == 0 {
		return errors.New("is empty; write one profile setting a line, e.g. api_rate_per_second: 1000")
	}
	return p.SetYAML(&doc, nil)
}
