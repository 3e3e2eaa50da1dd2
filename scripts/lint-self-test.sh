#!/usr/bin/env bash
# Proves that each lint gate really fails on a deliberate violation (issue #20): a lint that cannot fail proves
# nothing. Writes four throw-away files, expects each tool to refuse its file, and removes them again.
set -uo pipefail
cd "$(dirname "$0")/.."
dep=src/modules/full-sso/__lint_self_test_dep.ts
es=src/kernel/__lint_self_test_es.ts
fmt=src/kernel/__lint_self_test_fmt.ts
status=src/modules/full-sso/__lint_self_test_status.ts
env=src/kernel/__lint_self_test_env.ts
cleanup() { rm -f "$dep" "$es" "$fmt" "$status" "$env"; }
trap cleanup EXIT
failures=0

# 1. The dependency rule: a module importing another module.
printf "import { PaymentRequests } from '../inapp-actions/payments/services/payment-requests.service';\nexport const leak = PaymentRequests;\n" > "$dep"
if npx depcruise "$dep" --config .dependency-cruiser.cjs --output-type err >/dev/null 2>&1; then
  echo "lint self-test: dependency-cruiser accepted a module importing another module"; failures=$((failures + 1))
fi
rm -f "$dep"

# 2. ESLint (type-checked): a floating promise.
printf "export function fire(): void {\n  Promise.resolve(1);\n}\n" > "$es"
if npx eslint "$es" >/dev/null 2>&1; then
  echo "lint self-test: ESLint accepted a floating promise"; failures=$((failures + 1))
fi
rm -f "$es"

# 2b. ESLint: reading the system clock instead of the injected Clock.
printf "export const stamp = (): number => Date.now();\n" > "$es"
out=$(npx eslint "$es" 2>&1)
if ! grep -q "injected Clock" <<<"$out"; then
  echo "lint self-test: ESLint accepted Date.now() in src"; failures=$((failures + 1))
fi
rm -f "$es"

# 2c. ESLint (no-restricted-syntax): a thrower choosing an HTTP status instead of throwing an ErrorCode (issue #20).
printf "import { ContractException, ErrorCode } from '../../kernel/errors';\n// @ts-expect-error the status is not the thrower's choice\nexport const refuse = () => new ContractException(404, ErrorCode.NotFound, 'No such thing');\n" > "$status"
out=$(npx eslint "$status" 2>&1)
if ! grep -q no-restricted-syntax <<<"$out"; then
  echo "lint self-test: ESLint accepted a ContractException given an HTTP status"; failures=$((failures + 1))
fi
rm -f "$status"

# 2d. ESLint: an environment read outside src/config (every setting goes through AppConfig). The file is otherwise
# clean, and the refusal must name the rule, so it is this rule that fails it.
printf "export const port = process.env.PORT;\n" > "$env"
env_out=$(npx eslint "$env" 2>&1)
if [[ "$env_out" != *no-restricted-properties* ]]; then
  echo "lint self-test: ESLint accepted process.env outside src/config"; failures=$((failures + 1))
fi
rm -f "$env"

# 3. Prettier: a badly formatted file.
printf "export const x = {a:1,\n      b : 2}\n" > "$fmt"
if npx prettier --check "$fmt" >/dev/null 2>&1; then
  echo "lint self-test: Prettier accepted an unformatted file"; failures=$((failures + 1))
fi
rm -f "$fmt"

if [ "$failures" -gt 0 ]; then exit 1; fi
echo "lint self-test: dependency rule, ESLint (floating promise, Date.now(), thrower-chosen status, process.env outside src/config) and Prettier each refuse a deliberate violation"
