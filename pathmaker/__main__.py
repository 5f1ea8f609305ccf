from pathmaker.cli import main

main()
