"""Staff accounts from the command line.

    python -m bot.admin create-admin NAME     (asks for the password twice)
    python -m bot.admin create-user NAME ROLE (ROLE: editor, publisher, admin)
    python -m bot.admin set-password NAME     (a forgotten password; also unlocks)

`--password-stdin` reads the password from standard input instead (for
scripts); it is never taken as an argument, so it stays out of shell history.
"""

from __future__ import annotations

import argparse
import getpass
import sys

from bot.admin.accounts import AccountError, Accounts
from bot.content.store import ROLES
from bot.db.migrate import upgrade


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.admin", description="Create editor accounts.")
    commands = parser.add_subparsers(dest="command", required=True)
    admin = commands.add_parser("create-admin", help="create an admin account")
    admin.add_argument("username")
    admin.add_argument("--password-stdin", action="store_true")
    user = commands.add_parser("create-user", help="create an account with a role")
    user.add_argument("username")
    user.add_argument("role", choices=ROLES)
    user.add_argument("--password-stdin", action="store_true")
    reset = commands.add_parser("set-password", help="set a new password (also lifts a lock-out)")
    reset.add_argument("username")
    reset.add_argument("--password-stdin", action="store_true")
    args = parser.parse_args(argv)

    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass("Password (at least 12 characters): ")
        if getpass.getpass("The same password again: ") != password:
            print("The passwords differ; nothing was changed.", file=sys.stderr)
            return 1
    upgrade()
    try:
        if args.command == "set-password":
            Accounts().set_password(args.username, password)
            print(f"New password set for '{args.username.strip().lower()}'; their open sessions were ended.")
            return 0
        role = "admin" if args.command == "create-admin" else args.role
        Accounts().create(args.username, password, role)
    except AccountError as problem:
        print(problem, file=sys.stderr)
        return 1
    print(
        f"Created {role} account '{args.username.strip().lower()}'. Open /admin on the web process to log in."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
