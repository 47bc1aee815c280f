"""Records Python's shlex.split(line, comments=True, posix=True) on random lines.

Run with the Python Ansible uses: /usr/bin/python3 scripts/record_shlex_cases.py
Writes tests/data/shlex_cases.json, which src/inventory/shlex_test.ts replays.
"""
import json
import random
import shlex

random.seed(7)
ALPHABET = ['a', 'b', '=', ' ', '"', "'", '\\', '#', '\t', 'x', '1', ';']
cases = []
for _ in range(4000):
    line = ''.join(random.choice(ALPHABET) for _ in range(random.randint(0, 12)))
    try:
        result = shlex.split(line, comments=True, posix=True)
    except ValueError as error:
        result = {'error': str(error)}
    cases.append([line, result])
with open('tests/data/shlex_cases.json', 'w') as out:
    json.dump(cases, out, ensure_ascii=False, indent=0)
