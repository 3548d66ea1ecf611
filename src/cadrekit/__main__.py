from cadrekit.cli.app import main

main()
