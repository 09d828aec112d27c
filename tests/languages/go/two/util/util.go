package util

func Two() string {
	return "two files"
}
