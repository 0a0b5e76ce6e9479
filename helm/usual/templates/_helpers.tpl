{{/* Names, labels and the per-service settings every template shares. */}}

{{- define "usual.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The release's full name; each service's objects are "<fullname>-<service>". */}}
{{- define "usual.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else if contains (include "usual.name" .) .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name (include "usual.name" .) | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}

{{/* Call with (dict "root" $ "name" $name). */}}
{{- define "usual.serviceFullname" -}}
{{- printf "%s-%s" (include "usual.fullname" .root) .name | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "usual.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels every pod of the release carries; the NetworkPolicies select on these. */}}
{{- define "usual.releaseSelectorLabels" -}}
app.kubernetes.io/name: {{ include "usual.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "usual.commonLabels" -}}
helm.sh/chart: {{ include "usual.chart" . }}
{{ include "usual.releaseSelectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: usual
{{- end }}

{{/* Call with (dict "root" $ "name" $name). */}}
{{- define "usual.selectorLabels" -}}
{{ include "usual.releaseSelectorLabels" .root }}
app.kubernetes.io/component: {{ .name }}
{{- end }}

{{/* Call with (dict "root" $ "name" $name). */}}
{{- define "usual.labels" -}}
{{ include "usual.commonLabels" .root }}
app.kubernetes.io/component: {{ .name }}
{{- end }}

{{- define "usual.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "usual.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "usual.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{/* A service is on unless its entry says enabled: false. Call with the service's entry. */}}
{{- define "usual.enabled" -}}
{{- if or (not (hasKey . "enabled")) .enabled }}true{{ end }}
{{- end }}

{{/* Replicas: the service's own, else serviceDefaults (0 is honoured). Call with (dict "root" $ "svc" $svc). */}}
{{- define "usual.replicas" -}}
{{- if hasKey .svc "replicas" }}{{ .svc.replicas | int }}{{ else }}{{ .root.Values.serviceDefaults.replicas | int }}{{ end }}
{{- end }}

{{/* The services' config reads <NAME>_GRPC_PORT with NAME = the service name upper-cased, so
names are single lower-case words (also valid DNS labels). Call with the name. */}}
{{- define "usual.envPrefix" -}}
{{- if not (regexMatch "^[a-z][a-z0-9]*$" .) }}
{{- fail (printf "services.%s: a service name must be one lower-case word (letters and digits)" .) }}
{{- end }}
{{- . | upper }}
{{- end }}

{{/* One NetworkPolicy egress rule from {ports, to}; none at all when ports is empty (an empty
ports list would otherwise allow every port). Call with (dict "rule" $rule "udp" true/false). */}}
{{- define "usual.egressRule" -}}
{{- $udp := .udp }}
{{- with .rule.ports -}}
- ports:
    {{- range . }}
    - protocol: TCP
      port: {{ . | int }}
    {{- if $udp }}
    - protocol: UDP
      port: {{ . | int }}
    {{- end }}
    {{- end }}
  {{- with $.rule.to }}
  to:
    {{- toYaml . | nindent 4 }}
  {{- end }}
{{- end }}
{{- end }}
