package main

import "./util"

func greeting() string {
	return "coderun " + util.Two()
}
