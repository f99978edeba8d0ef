{{/* The contents of prometheus.yml, rule files and alertmanager.yml. The ConfigMaps render
     them, and the pods that read them carry their sha256 as an annotation, so a change of
     any of them rolls exactly those pods. */}}

{{- define "pharos.prometheus.selfJobs" -}}
{{- $full := include "pharos.fullname" . -}}
{{- $domain := include "pharos.svcDomain" . -}}
- job_name: pharos-collector
  dns_sd_configs:
    - names: ["{{ $full }}-collector-headless.{{ $domain }}"]
      type: A
      port: 9095
- job_name: pharos-storage
  static_configs:
    - targets:
        {{- range $i := until (int .Values.storage.replicas) }}
        - "{{ $full }}-storage-{{ $i }}.{{ $full }}-storage-headless.{{ $domain }}:9096"
        {{- end }}
- job_name: pharos-query
  dns_sd_configs:
    - names: ["{{ $full }}-query-headless.{{ $domain }}"]
      type: A
      port: 9090
- job_name: pharos-alertmanager
  dns_sd_configs:
    - names: ["{{ $full }}-alertmanager-headless.{{ $domain }}"]
      type: A
      port: 9093
{{- end -}}

{{- define "pharos.prometheus.podsJob" -}}
- job_name: kubernetes-pods
  kubernetes_sd_configs:
    - role: pod
  relabel_configs:
    # Only pods that ask for it, and only while they run.
    - source_labels: [__meta_kubernetes_pod_annotation_prometheus_io_scrape]
      regex: "true"
      action: keep
    - source_labels: [__meta_kubernetes_pod_phase]
      regex: Pending|Succeeded|Failed
      action: drop
    # prometheus.io/path and prometheus.io/port choose the endpoint.
    - source_labels: [__meta_kubernetes_pod_annotation_prometheus_io_path]
      regex: (.+)
      target_label: __metrics_path__
    - source_labels: [__address__, __meta_kubernetes_pod_annotation_prometheus_io_port]
      regex: '([^:]+)(?::\d+)?;(\d+)'
      replacement: '${1}:${2}'
      target_label: __address__
    - regex: __meta_kubernetes_pod_label_(.+)
      action: labelmap
    - source_labels: [__meta_kubernetes_namespace]
      target_label: namespace
    - source_labels: [__meta_kubernetes_pod_name]
      target_label: pod
{{- end -}}

{{- define "pharos.prometheus.alertmanagers" -}}
{{- $full := include "pharos.fullname" . -}}
{{- $domain := include "pharos.svcDomain" . -}}
{{- if gt (int .Values.alertmanager.replicas) 1 }}
{{- /* Alerts go to every replica, as Prometheus sends them to every Alertmanager. */}}
- dns_sd_configs:
    - names: ["{{ $full }}-alertmanager-headless.{{ $domain }}"]
      type: A
      port: 9093
{{- else }}
- static_configs:
    - targets: ["{{ $full }}-alertmanager.{{ $domain }}:9093"]
{{- end }}
{{- end -}}

{{- define "pharos.prometheus.config" -}}
{{- $v := .Values.prometheus -}}
{{- $jobs := list -}}
{{- if $v.selfScrape -}}
{{- $jobs = concat $jobs (include "pharos.prometheus.selfJobs" . | fromYamlArray) -}}
{{- end -}}
{{- if and .Values.discovery.kubernetes.enabled .Values.discovery.kubernetes.podsJob -}}
{{- $jobs = append $jobs (include "pharos.prometheus.podsJob" . | fromYamlArray | first) -}}
{{- end -}}
{{- $jobs = concat $jobs $v.scrapeConfigs -}}
{{- $ams := concat (include "pharos.prometheus.alertmanagers" . | fromYamlArray) $v.extraAlertmanagers -}}
{{- $cfg := dict "global" $v.global "alerting" (dict "alertmanagers" $ams) -}}
{{- if $jobs -}}
{{- $_ := set $cfg "scrape_configs" $jobs -}}
{{- end -}}
{{- $globs := include "pharos.rules.globs" . | fromJsonArray -}}
{{- if $globs -}}
{{- $_ := set $cfg "rule_files" $globs -}}
{{- end -}}
{{- $cfg = mergeOverwrite $cfg (deepCopy $v.extraConfig) -}}
# prometheus.yml rendered by the Pharos chart from the values under `prometheus`.
{{ toYaml $cfg }}
{{- end -}}

{{- define "pharos.rules.files" -}}
{{- range $name, $content := .Values.rules }}
{{ $name }}: |
  {{- if kindIs "string" $content }}
  {{- $content | nindent 2 }}
  {{- else }}
  {{- toYaml $content | nindent 2 }}
  {{- end }}
{{- end }}
{{- end -}}

{{- define "pharos.alertmanager.config" -}}
# alertmanager.yml rendered by the Pharos chart from alertmanager.config.
{{ toYaml .Values.alertmanager.config }}
{{- end -}}
