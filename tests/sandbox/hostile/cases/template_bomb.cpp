// template_bomb.cpp: attack: 2^28 distinct template instantiations. Safe: the compile stage is stopped (TO, ML or SG), no run, the reply arrives.
template <int N, int M> struct E {
        static int f() { return E<N - 1, 2 * M>::f() + E<N - 1, 2 * M + 1>::f(); }
};
template <int M> struct E<0, M> {
        static int f() { return M; }
};
int main() { return E<28, 0>::f() & 1; }
