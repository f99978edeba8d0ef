#!/bin/bash
# HEALTHCHECK of the Pharos images: GET /-/healthy (or PATH) on 127.0.0.1:PORT and succeed
# only on an HTTP 200 answer.
#
# Why this way: the eclipse-temurin:17-jre base guarantees neither curl nor wget, and a
# check that starts a second JVM every few seconds would cost more CPU and memory than the
# service it watches. bash is part of the Ubuntu base the image is built on, and its
# /dev/tcp redirection is a plain TCP client, so the check needs no extra package and
# takes a few milliseconds.
#
# usage: pharos-healthcheck PORT [PATH]
set -u
port="${1:?usage: pharos-healthcheck PORT [PATH]}"
path="${2:-/-/healthy}"

# The braces keep the 2>/dev/null to the connect attempt (a bare exec would apply it for good).
{ exec 3<>"/dev/tcp/127.0.0.1/${port}"; } 2>/dev/null || { echo "unhealthy: nothing listens on port ${port}" >&2; exit 1; }
printf 'GET %s HTTP/1.1\r\nHost: 127.0.0.1:%s\r\nUser-Agent: pharos-healthcheck\r\nConnection: close\r\n\r\n' \
  "$path" "$port" >&3
status=""
IFS= read -r -t 5 status <&3
exec 3<&- 3>&-
status="${status%$'\r'}"
case "$status" in
  "HTTP/1."[01]" 200"*) exit 0 ;;
  *) echo "unhealthy: GET ${path} answered '${status:-nothing}'" >&2; exit 1 ;;
esac
