#!/usr/bin/env bash
# Refresh the front-end libraries served from static/vendor/ (pinned in package.json and
# package-lock.json). The copies are committed so that the platform needs no Node.js to run.
set -euo pipefail
cd "$(dirname "$0")/.."
npm ci --ignore-scripts --no-audit --no-fund
rm -rf static/vendor/bootstrap static/vendor/htmx
mkdir -p static/vendor/bootstrap static/vendor/htmx
cp node_modules/bootstrap/dist/css/bootstrap.min.css static/vendor/bootstrap/
cp node_modules/bootstrap/dist/js/bootstrap.bundle.min.js static/vendor/bootstrap/
cp node_modules/bootstrap/LICENSE static/vendor/bootstrap/LICENSE
cp node_modules/htmx.org/dist/htmx.min.js static/vendor/htmx/
cp node_modules/htmx.org/LICENSE static/vendor/htmx/LICENSE
# The source maps are not vendored, so their references would point at nothing: browsers' tools
# ask for them (404) and the hashed static storage refuses to build (collectstatic with DEBUG=0).
# Remove the references rather than relax the storage, which then still catches real breakage.
sed -i -e '/^\/[*\/]# sourceMappingURL=.*$/d' static/vendor/bootstrap/*.css static/vendor/bootstrap/*.js \
  static/vendor/htmx/*.js
# The accessibility checker used by the browser tests only (never served).
mkdir -p tests/browser/vendor
cp node_modules/axe-core/axe.min.js node_modules/axe-core/LICENSE tests/browser/vendor/
echo "static/vendor refreshed"
