.PHONY: run test install
run:
	./dev.sh run
test:
	./dev.sh test
install:
	./dev.sh install
