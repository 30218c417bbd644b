import { type ScalarTag, Schema } from 'yaml';

/**
 * kubectl, the API server and Argo CD read manifests with sigs.k8s.io/yaml, i.e. go-yaml v2 (YAML 1.1): there a
 * plain `on`, `off`, `yes`, `n`, `~`, `0777`, `0b1`, `.inf`... is a boolean, null or number, not the string synth
 * meant. Given as the writer's `compat` schema, these tags make the `yaml` package quote every string that one of
 * them would resolve, so each file reads back the same under YAML 1.2 and YAML 1.1.
 */
const goYamlV2Int: ScalarTag = {
  // go-yaml v2 resolve.go (v2.4.2, the version sigs.k8s.io/yaml v1.6.0 uses): a plain scalar starting with a digit
  // or a sign is an int when strconv.ParseInt(s, 0, 64) accepts it once every `_` is removed. Go's base prefixes
  // also come in upper case and with a sign (`0X1F`, `-0o17`), which the YAML 1.1 schema does not cover.
  // This test is a superset of that rule: quoting a string that did not need it changes nothing.
  tag: 'tag:yaml.org,2002:int',
  default: true,
  identify: () => false,
  test: /^[-+]?_*(?:0_*[bBoOxX][0-9a-fA-F_]*|[0-9][0-9_]*)$/,
  resolve: (source) => source,
};

export const YAML_1_1_COMPAT: ScalarTag[] = [...(new Schema({ schema: 'yaml-1.1' }).tags as ScalarTag[]), goYamlV2Int];
