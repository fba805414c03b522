from scormpack.cli import main

main()
