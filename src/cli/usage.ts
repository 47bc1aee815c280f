/** The `--help` text and version. Written by hand: `parseArgs` has no help generator. */

/** The program version, kept in step with deno.json. */
export const VERSION = "0.1.0";

/** Short usage, printed after a usage error. */
export const USAGE =
  `usage: ha-inventory [-i PATH]... (--list | --host NAME | --graph [GROUP]) [options]
       ha-inventory check | explain HOST [FACT] | render haproxy|nginx|hosts | config
Try 'ha-inventory --help' for more.`;

/** Full help. */
export const HELP = `ha-inventory ${VERSION}: an Ansible dynamic inventory with Kubespray's HA view.

Reads INI and YAML inventories (with group_vars/ and host_vars/) exactly as
ansible-inventory does, adds Kubespray's role groups and endpoint facts, and prints
the JSON Ansible expects from an inventory script.

Usage:
  ha-inventory [-i PATH]... --list [--export] [--yaml | --toml] [--output FILE]
  ha-inventory [-i PATH]... --host NAME [--yaml | --toml]
  ha-inventory [-i PATH]... --graph [GROUP] [--vars]
  ha-inventory [-i PATH]... check [--strict] [--format text|json]
  ha-inventory [-i PATH]... explain HOST [FACT] [--format text|json]
  ha-inventory [-i PATH]... render haproxy|nginx|hosts [--host NAME]
  ha-inventory config [--format text|json]

Actions (as in ansible-inventory):
  --list               print the whole inventory (groups and _meta.hostvars)
  --host NAME          print one host's variables
  --graph [GROUP]      print the group tree from GROUP (default: all)

Options:
  -i, --inventory PATH   an inventory file, directory or "host1,host2" list; repeatable
  -l, --limit PATTERN    only hosts matching an Ansible host pattern
                         (groups, hosts, wildcards, a:b, a:&b, a:!b, ~regex)
  --vars                 with --graph: show variables
  -y, --yaml             print YAML instead of JSON
  --toml                 print TOML instead of JSON, as ansible-inventory --toml does
                         (ignored for --graph; --yaml wins). Fails, as Ansible does,
                         on what its TOML writer cannot print: non-string keys, lists
                         mixing tables and other values, vault values without the
                         password (they print decrypted), an empty document
  --export               with --list: group variables on groups, own variables on hosts
  --output FILE          write the document to FILE instead of stdout
  --playbook-dir DIR     also apply DIR/group_vars and DIR/host_vars
                         (default: the current directory, as ansible-inventory does)
  --no-facts             the plain Ansible view: no Kubespray groups or facts
  --facts-only           in host variables, print only the computed facts
  --no-fact-cache        do not read gathered addresses from Ansible's jsonfile fact
                         cache (fact_caching = jsonfile)
  --max-range-hosts N    refuse host ranges that expand to more than N hosts
                         (default 1000000)
  --vault-password-file FILE
                         decrypt vault-encrypted files (vars files and inventory
                         sources) with the password in FILE; repeatable. Default:
                         ANSIBLE_VAULT_PASSWORD_FILE. Without one, such vars files
                         are skipped with a warning. FILE is read, never run
  --format text|json     output format of check and explain
  --strict               check: treat warnings as errors
  -h, --help             show this help
  --version              show the version

Ansible configuration, found as Ansible finds it: ANSIBLE_CONFIG, ./ansible.cfg
(unless the directory is world-writable), ~/.ansible.cfg, /etc/ansible/ansible.cfg;
ANSIBLE_* variables win over the file. Applied where they change the inventory:
inventory_ignore_extensions, [inventory] ignore_patterns, enable_plugins and export,
hash_behaviour, force_valid_group_names, precedence, vars_plugins_enabled,
run_vars_plugins, yaml_valid_extensions, playbook_dir, vault_password_file, and the
jsonfile fact cache (gathered addresses make endpoint facts concrete). "config" prints
those that are set and where each came from.

Where the inventory comes from, first match wins:
  1. -i PATH (repeatable)
  2. HA_INVENTORY: one or more paths separated by commas, like ANSIBLE_INVENTORY
  3. beside the executable: hosts.ini, hosts.yaml, hosts.yml, hosts, inventory.ini,
     inventory.yaml, inventory.yml, or NAME.ini/.yaml/.yml where NAME is the
     executable's own name

Examples:
  ha-inventory -i inventory/mycluster/hosts.ini --list
  HA_INVENTORY=inventory/mycluster/hosts.yaml ansible-playbook -i ha-inventory cluster.yml
  ha-inventory -i hosts.ini --graph k8s-cluster
  ha-inventory -i hosts.ini explain node3 kube_apiserver_endpoint
  ha-inventory -i hosts.ini check --strict

Exit status: 0 success, 1 bad inventory (the message names file and line),
2 bad usage, 70 internal error (set HA_INVENTORY_DEBUG=1 to print its stack).`;
