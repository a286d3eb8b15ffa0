#include "refmodel/RefModelCli.h"

#include <iostream>
#include <string>
#include <vector>

int main(int argc, char **argv)
{
    const std::vector<std::string> args(argv + 1, argv + argc);
    return bulkhead::refmodel::runRefModel(args, std::cout, std::cerr);
}
