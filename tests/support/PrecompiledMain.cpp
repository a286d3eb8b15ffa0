// The translation unit of a precompiled-header target (add_bulkhead_test_pch): it only carries
// the header, which CMake includes first.
int main()
{
    return 0;
}
