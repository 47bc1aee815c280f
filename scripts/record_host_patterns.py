"""Records how Ansible 2.14 splits and expands host entries.

Run with Debian's Python, which has ansible-core importable:
  /usr/bin/python3 scripts/record_host_patterns.py
Writes tests/data/host_pattern_cases.json, which src/inventory/host_pattern_test.ts replays.
"""
import json
import random

from ansible.parsing.utils.addresses import parse_address
from ansible.plugins.inventory import detect_range, expand_hostname_range


def expand(entry):
    # What BaseInventoryPlugin._expand_hostpattern does.
    try:
        (pattern, port) = parse_address(entry, allow_ranges=True)
    except Exception:
        pattern, port = entry, None
    hosts = expand_hostname_range(pattern) if detect_range(pattern) else [pattern]
    return {'hosts': hosts, 'port': port}


FIXED = [
    'host', 'host:2222', '10.0.0.1:22', '[fe80::1]:22', 'fe80::2', '::1', 'fe80::1:22',
    'fe80::1%eth0', 'foo@bar:22', 'a:b:c', '/abs/path', 'web[01:03].ex', 'h[a:c]', 'n[1:10:3]',
    'x[a:e:2]', 'x[3:1]', 'z[:2]', 'h[1:2]-[a:b]', 'h[01:100]', 'h[Z:a]', 'h[1:2]:2200',
    '10.0.0.[1:3]', 'c[ab:cd]', 'h[a:Z:10]', 'h[1]', 'h[1:]', '[g', 'h[1:2', 'h[a:3]',
    'h[1:3:0]', 'h[1:010]', 'h[0a:0c]', 'node[1:3].[a:b].example.com', 'h_', 'h-', '-h',
    'h.-x', 'ünï[1:2]', 'a|b[1:2]', 'h[1:3:x]', 'h[-1:2]', '[h:22]:33', 'h[a:c:-1]',
    '1234', '1.5', '[::1]:2222', '2001:db8::[1:3]', 'h[1 :3]', 'x[ 1:2]',
]
ALPHABET = list('ab0129:[]-._xZ') + ['[1:3]', '[a:c]', ':22', '::']
random.seed(11)
cases = []
for entry in FIXED + [''.join(random.choice(ALPHABET) for _ in range(random.randint(1, 8)))
                      for _ in range(3000)]:
    try:
        result = expand(entry)
        if len(result['hosts']) > 5000:
            continue
    except Exception as error:  # Ansible's own message (or Python's, for unpack errors)
        result = {'error': str(error)}
    cases.append([entry, result])
with open('tests/data/host_pattern_cases.json', 'w') as out:
    json.dump(cases, out, ensure_ascii=False, indent=0)
