{{/* Names ------------------------------------------------------------------------------ */}}

{{- define "pharos.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Prefix of every object name: <release>-pharos, or the release name when it contains "pharos". */}}
{{- define "pharos.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 40 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "pharos.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels: include "pharos.labels" (dict "ctx" $ "component" "query") */}}
{{- define "pharos.selectorLabels" -}}
app.kubernetes.io/name: {{ include "pharos.name" .ctx }}
app.kubernetes.io/instance: {{ .ctx.Release.Name }}
{{- if .component }}
app.kubernetes.io/component: {{ .component }}
{{- end }}
{{- end -}}

{{- define "pharos.labels" -}}
{{ include "pharos.selectorLabels" . }}
helm.sh/chart: {{ include "pharos.chart" .ctx }}
app.kubernetes.io/version: {{ .ctx.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .ctx.Release.Service }}
app.kubernetes.io/part-of: pharos
{{- with .ctx.Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{- define "pharos.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "pharos.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* <service>.<namespace>.svc.<domain> */}}
{{- define "pharos.svcDomain" -}}
{{- printf "%s.svc.%s" .Release.Namespace .Values.clusterDomain -}}
{{- end -}}

{{/* Images ----------------------------------------------------------------------------- */}}

{{/* include "pharos.image" (dict "ctx" $ "image" .Values.query.image) */}}
{{- define "pharos.image" -}}
{{- $reg := .ctx.Values.image.registry | trimSuffix "/" -}}
{{- $tag := .image.tag | default .ctx.Values.image.tag | default .ctx.Chart.AppVersion -}}
{{- if $reg -}}
{{- printf "%s/%s:%s" $reg .image.repository $tag -}}
{{- else -}}
{{- printf "%s:%s" .image.repository $tag -}}
{{- end -}}
{{- end -}}

{{/* Kafka ------------------------------------------------------------------------------ */}}

{{- define "pharos.kafka.name" -}}
{{- printf "%s-kafka" (include "pharos.fullname" .) -}}
{{- end -}}

{{- define "pharos.kafka.bootstrapServers" -}}
{{- if .Values.kafka.bundled.enabled -}}
{{- printf "%s-0.%s-headless.%s:9092" (include "pharos.kafka.name" .) (include "pharos.kafka.name" .) (include "pharos.svcDomain" .) -}}
{{- else if .Values.kafka.bootstrapServers -}}
{{- .Values.kafka.bootstrapServers -}}
{{- else -}}
{{- fail "kafka.bootstrapServers is required when kafka.bundled.enabled is false" -}}
{{- end -}}
{{- end -}}

{{/* The Kafka client arguments shared by collector, storage and query. */}}
{{- define "pharos.kafka.clientArgs" -}}
- --spring.kafka.bootstrap-servers={{ include "pharos.kafka.bootstrapServers" . }}
{{- range $k, $v := .Values.kafka.clientProperties }}
- --spring.kafka.properties.{{ $k }}={{ $v }}
{{- end }}
{{- end -}}

{{/* Storage pod URLs, one per replica, for the query service. */}}
{{- define "pharos.storage.urls" -}}
{{- $name := printf "%s-storage" (include "pharos.fullname" .) -}}
{{- $domain := include "pharos.svcDomain" . -}}
{{- $urls := list -}}
{{- range $i := until (int .Values.storage.replicas) -}}
{{- $urls = append $urls (printf "http://%s-%d.%s-headless.%s:9096" $name $i $name $domain) -}}
{{- end -}}
{{- join "," $urls -}}
{{- end -}}

{{- define "pharos.query.externalUrl" -}}
{{- if .Values.query.externalUrl -}}
{{- .Values.query.externalUrl -}}
{{- else if and .Values.ingress.enabled .Values.ingress.query.host -}}
{{- printf "%s://%s%s" (ternary "https" "http" (gt (len .Values.ingress.tls) 0)) .Values.ingress.query.host (.Values.ingress.query.path | trimSuffix "/") -}}
{{- else -}}
{{- printf "http://%s-query.%s:9090" (include "pharos.fullname" .) (include "pharos.svcDomain" .) -}}
{{- end -}}
{{- end -}}

{{- define "pharos.alertmanager.externalUrl" -}}
{{- if .Values.alertmanager.externalUrl -}}
{{- .Values.alertmanager.externalUrl -}}
{{- else if and .Values.ingress.enabled .Values.ingress.alertmanager.enabled .Values.ingress.alertmanager.host -}}
{{- printf "%s://%s%s" (ternary "https" "http" (gt (len .Values.ingress.tls) 0)) .Values.ingress.alertmanager.host (.Values.ingress.alertmanager.path | trimSuffix "/") -}}
{{- else -}}
{{- printf "http://%s-alertmanager.%s:9093" (include "pharos.fullname" .) (include "pharos.svcDomain" .) -}}
{{- end -}}
{{- end -}}

{{/* Alertmanager secrets: the Secret mounted under /etc/alertmanager/secrets, or "". */}}
{{- define "pharos.alertmanager.secretData" -}}
{{- $s := .Values.alertmanager.secrets -}}
{{- $d := dict -}}
{{- if $s.slackApiUrl }}{{ $_ := set $d "slack-api-url" $s.slackApiUrl }}{{ end -}}
{{- if $s.pagerdutyRoutingKey }}{{ $_ := set $d "pagerduty-routing-key" $s.pagerdutyRoutingKey }}{{ end -}}
{{- if $s.pagerdutyServiceKey }}{{ $_ := set $d "pagerduty-service-key" $s.pagerdutyServiceKey }}{{ end -}}
{{- range $k, $v := $s.extraFiles }}{{ $_ := set $d $k $v }}{{ end -}}
{{- toJson $d -}}
{{- end -}}

{{- define "pharos.alertmanager.secretName" -}}
{{- if .Values.alertmanager.secrets.existingSecret -}}
{{- .Values.alertmanager.secrets.existingSecret -}}
{{- else if gt (len (include "pharos.alertmanager.secretData" . | fromJson)) 0 -}}
{{- printf "%s-alertmanager" (include "pharos.fullname" .) -}}
{{- end -}}
{{- end -}}

{{/* Pods ------------------------------------------------------------------------------- */}}

{{/* Probes of a Pharos container: include "pharos.probes" (dict "ctx" $ "probes" .Values.query.probes) */}}
{{- define "pharos.probes" -}}
{{- $p := mergeOverwrite (deepCopy .ctx.Values.probes) (deepCopy (.probes | default dict)) -}}
startupProbe:
  httpGet:
    path: /-/healthy
    port: http
  {{- toYaml $p.startup | nindent 2 }}
livenessProbe:
  httpGet:
    path: /-/healthy
    port: http
  {{- toYaml $p.liveness | nindent 2 }}
readinessProbe:
  httpGet:
    path: /-/ready
    port: http
  {{- toYaml $p.readiness | nindent 2 }}
{{- end -}}

{{/* Scheduling fields of a pod: include "pharos.scheduling" (dict "ctx" $ "component" "query" "v" .Values.query) */}}
{{- define "pharos.scheduling" -}}
{{- with .v.priorityClassName }}
priorityClassName: {{ . }}
{{- end }}
{{- with .v.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .v.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- if .v.affinity }}
affinity:
  {{- toYaml .v.affinity | nindent 2 }}
{{- else if eq .v.antiAffinity "hard" }}
affinity:
  podAntiAffinity:
    requiredDuringSchedulingIgnoredDuringExecution:
      - topologyKey: kubernetes.io/hostname
        labelSelector:
          matchLabels:
            {{- include "pharos.selectorLabels" (dict "ctx" .ctx "component" .component) | nindent 12 }}
{{- else if eq .v.antiAffinity "soft" }}
affinity:
  podAntiAffinity:
    preferredDuringSchedulingIgnoredDuringExecution:
      - weight: 100
        podAffinityTerm:
          topologyKey: kubernetes.io/hostname
          labelSelector:
            matchLabels:
              {{- include "pharos.selectorLabels" (dict "ctx" .ctx "component" .component) | nindent 14 }}
{{- end }}
{{- with .v.topologySpreadConstraints }}
topologySpreadConstraints:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}

{{/* Pod-level fields shared by the Pharos pods (not Kafka). */}}
{{- define "pharos.podCommon" -}}
serviceAccountName: {{ include "pharos.serviceAccountName" .ctx }}
automountServiceAccountToken: {{ .automountToken | default false }}
{{- /* Service links would put <SERVICE>_PORT variables into the environment, which Spring's
       relaxed binding reads as pharos.* properties. */}}
enableServiceLinks: false
terminationGracePeriodSeconds: {{ .v.terminationGracePeriodSeconds }}
securityContext:
  {{- toYaml .ctx.Values.podSecurityContext | nindent 2 }}
{{- with .ctx.Values.image.pullSecrets }}
imagePullSecrets:
  {{- range . }}
  - name: {{ . }}
  {{- end }}
{{- end }}
{{- include "pharos.scheduling" . }}
{{- end -}}

{{/* Environment shared by the Pharos containers. */}}
{{- define "pharos.env" -}}
- name: JDK_JAVA_OPTIONS
  value: {{ .v.jvmOptions | quote }}
{{- if .kafka }}
{{- with .ctx.Values.kafka.clientEnv }}
{{ toYaml . }}
{{- end }}
{{- end }}
{{- with .v.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* Rule files: the file names, sorted. */}}
{{- define "pharos.rules.globs" -}}
{{- $globs := list -}}
{{- range $name, $_ := .Values.rules -}}
{{- if hasSuffix ".yaml" $name -}}{{- $globs = append $globs "rules/*.yaml" -}}{{- else -}}{{- $globs = append $globs "rules/*.yml" -}}{{- end -}}
{{- end -}}
{{- toJson ($globs | uniq | sortAlpha) -}}
{{- end -}}

{{/* Checks that stop a render with a clear message. */}}
{{- define "pharos.validate" -}}
{{- if gt (int .Values.storage.replicas) (int .Values.kafka.topics.samples.partitions) -}}
{{- fail (printf "storage.replicas (%d) is more than kafka.topics.samples.partitions (%d): each storage pod owns whole partitions, so the extra pods would stay idle" (int .Values.storage.replicas) (int .Values.kafka.topics.samples.partitions)) -}}
{{- end -}}
{{- if and .Values.kafka.bundled.enabled .Values.kafka.bootstrapServers -}}
{{- fail "set either kafka.bundled.enabled or kafka.bootstrapServers, not both" -}}
{{- end -}}
{{- if and .Values.kafka.bundled.enabled .Values.kafka.topics.createJob.enabled -}}
{{- fail "kafka.topics.createJob is for an external Kafka; with the bundled broker the collector creates the topics" -}}
{{- end -}}
{{- if and .Values.ingress.enabled (not .Values.ingress.query.host) -}}
{{- fail "ingress.query.host is required when ingress.enabled is true" -}}
{{- end -}}
{{- if and .Values.ingress.enabled .Values.ingress.alertmanager.enabled (not .Values.ingress.alertmanager.host) -}}
{{- fail "ingress.alertmanager.host is required when ingress.alertmanager.enabled is true" -}}
{{- end -}}
{{- /* Every *_file setting under /etc/alertmanager/secrets must name a file the Secret has. */ -}}
{{- if not .Values.alertmanager.secrets.existingSecret -}}
{{- $have := include "pharos.alertmanager.secretData" . | fromJson -}}
{{- range (regexFindAll "/etc/alertmanager/secrets/[A-Za-z0-9._-]+" (toYaml .Values.alertmanager.config) -1) -}}
{{- $key := base . -}}
{{- if not (hasKey $have $key) -}}
{{- fail (printf "alertmanager.config refers to %s, but alertmanager.secrets has no value for the file %q (set slackApiUrl, pagerdutyRoutingKey, pagerdutyServiceKey, extraFiles or existingSecret)" . $key) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- end -}}
