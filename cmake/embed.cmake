# Turns a text file into a C++ raw string literal include: cmake -DIN=... -DOUT=... -P embed.cmake
file(READ ${IN} content)
file(WRITE ${OUT} "R\"milkrun_embed(${content})milkrun_embed\"\n")
