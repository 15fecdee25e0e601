from maklumat.cli import main

main()
