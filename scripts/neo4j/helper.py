#!/usr/bin/env python3
"""Small helpers for scripts/neo4j-local (stdlib only).

Subcommands:
  free-port                      print a free TCP port on 127.0.0.1
  port-open HOST PORT            exit 0 if a TCP connection to HOST:PORT succeeds
  gen-password                   print a random 24-character alphanumeric password
  parse-list MVN_LIST OUT        turn `mvn dependency:list -DoutputAbsoluteArtifactFilename`
                                 output into "group:artifact version path" lines
  assemble ...                   build the java @argfile (classpath) and the plugins dir
  spawn [--cwd D] LOG CMD...     start CMD detached (new session, stdin /dev/null,
                                 stdout+stderr appended to LOG) and print its pid
"""
import argparse
import os
import re
import secrets
import socket
import string
import sys

# "   g:a:type[:classifier]:version:scope:/abs/path.jar -- module x [auto]"
_LINE = re.compile(r"^\s*([^\s:]+):([^\s:]+):([^\s:]+):(?:([^\s:]+):)?([^\s:]+):([a-z]+):(/.+?\.jar)(?:\s.*)?$")


def cmd_free_port(_args):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        print(s.getsockname()[1])


def cmd_port_open(args):
    try:
        with socket.create_connection((args.host, int(args.port)), timeout=1.0):
            return 0
    except OSError:
        return 1


def cmd_gen_password(_args):
    alphabet = string.ascii_letters + string.digits
    print("".join(secrets.choice(alphabet) for _ in range(24)))


def parse_mvn_list(path):
    entries = []
    with open(path, encoding="utf-8") as fh:
        for raw in fh:
            m = _LINE.match(raw.rstrip("\n"))
            if not m:
                continue
            group, artifact, _type, classifier, version, scope, jar = m.groups()
            if scope not in ("compile", "runtime"):
                continue
            key = f"{group}:{artifact}" + (f":{classifier}" if classifier else "")
            entries.append((key, version, jar))
    return entries


def cmd_parse_list(args):
    entries = parse_mvn_list(args.mvn_list)
    if not entries:
        print(f"no artifacts found in {args.mvn_list}", file=sys.stderr)
        return 1
    missing = [jar for _, _, jar in entries if not os.path.isfile(jar)]
    if missing:
        print(f"resolved jars missing on disk: {missing[:3]}", file=sys.stderr)
        return 1
    tmp = args.out + ".tmp"
    with open(tmp, "w", encoding="utf-8") as fh:
        for key, version, jar in entries:
            fh.write(f"{key} {version} {jar}\n")
    os.replace(tmp, args.out)
    return 0


def read_list(path):
    out = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            parts = line.rstrip("\n").split(" ", 2)
            if len(parts) == 3:
                out.append(tuple(parts))
    return out


def _vkey(version):
    return [(0, int(p)) if p.isdigit() else (1, p) for p in re.split(r"[.\-]", version)]


def cmd_assemble(args):
    """Classpath = core jars + each enabled plugin's extra jars (artifacts the core
    already provides are dropped; if two plugins need different versions of the same
    library the newer one wins).  The plugins' own jars (by group id) are linked into
    the Neo4j plugins directory so the procedure loader scans them."""
    core = read_list(args.core)
    core_keys = {k for k, _, _ in core}
    chosen = {}  # key -> (version, jar)
    plugin_keys = set()
    for spec in args.plugin:
        list_path, groups = spec.split("=", 1)
        groups = tuple(g for g in groups.split(",") if g)
        for key, version, jar in read_list(list_path):
            if key in core_keys:
                continue
            if key not in chosen or _vkey(version) > _vkey(chosen[key][0]):
                chosen[key] = (version, jar)
            if key.split(":")[0] in groups:
                plugin_keys.add(key)
    cp = [args.classes] + [j for _, _, j in core] + [j for _, j in chosen.values()]
    for jar in cp[1:]:
        if not os.path.isfile(jar):
            print(f"missing jar {jar}", file=sys.stderr)
            return 1
    quoted = ":".join(cp).replace("\\", "\\\\").replace('"', '\\"')
    with open(args.argfile, "w", encoding="utf-8") as fh:
        fh.write(f'-cp "{quoted}"\n')
    os.makedirs(args.plugins_dir, exist_ok=True)
    for name in os.listdir(args.plugins_dir):
        p = os.path.join(args.plugins_dir, name)
        if os.path.islink(p) or name.endswith(".jar"):
            os.remove(p)
    for jar in sorted(chosen[k][1] for k in plugin_keys):
        os.symlink(jar, os.path.join(args.plugins_dir, os.path.basename(jar)))
    return 0


def cmd_spawn(args):
    import subprocess

    with open(args.log, "ab") as log:
        proc = subprocess.Popen(
            args.command,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            close_fds=True,
            cwd=args.cwd,
        )
    print(proc.pid)
    return 0


def main(argv):
    ap = argparse.ArgumentParser(prog="helper.py")
    sub = ap.add_subparsers(dest="cmd", required=True)
    sub.add_parser("free-port").set_defaults(fn=cmd_free_port)
    p = sub.add_parser("port-open")
    p.add_argument("host")
    p.add_argument("port")
    p.set_defaults(fn=cmd_port_open)
    sub.add_parser("gen-password").set_defaults(fn=cmd_gen_password)
    p = sub.add_parser("parse-list")
    p.add_argument("mvn_list")
    p.add_argument("out")
    p.set_defaults(fn=cmd_parse_list)
    p = sub.add_parser("assemble")
    p.add_argument("--core", required=True)
    p.add_argument("--plugin", action="append", default=[], help="LIST=group1,group2")
    p.add_argument("--classes", required=True)
    p.add_argument("--argfile", required=True)
    p.add_argument("--plugins-dir", required=True)
    p.set_defaults(fn=cmd_assemble)
    p = sub.add_parser("spawn")
    p.add_argument("--cwd", default=None)
    p.add_argument("log")
    p.add_argument("command", nargs=argparse.REMAINDER)
    p.set_defaults(fn=cmd_spawn)
    args = ap.parse_args(argv)
    return args.fn(args) or 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
