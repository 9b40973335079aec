# mesoclinic_proto_library(NAME target PROTOS a.proto ... [GRPC] [DEPS targets])
#
# Generates C++ (and, with GRPC, gRPC service stubs) for .proto files found
# under ${PROJECT_SOURCE_DIR}/proto and builds them into one library. Imports
# resolve against proto/ and the system's well-known types.
function(mesoclinic_proto_library)
  cmake_parse_arguments(ARG "GRPC;SHARED" "NAME" "PROTOS;DEPS" ${ARGN})
  set(proto_root ${PROJECT_SOURCE_DIR}/proto)
  set(out_dir ${PROJECT_BINARY_DIR}/proto_gen)
  file(MAKE_DIRECTORY ${out_dir})
  set(sources)
  foreach(proto ${ARG_PROTOS})
    string(REGEX REPLACE "\\.proto$" "" stem ${proto})
    set(outputs ${out_dir}/${stem}.pb.cc ${out_dir}/${stem}.pb.h)
    set(plugin_args)
    if(ARG_GRPC)
      list(APPEND outputs ${out_dir}/${stem}.grpc.pb.cc ${out_dir}/${stem}.grpc.pb.h)
      set(plugin_args --grpc_out=${out_dir}
          --plugin=protoc-gen-grpc=$<TARGET_FILE:gRPC::grpc_cpp_plugin>)
    endif()
    add_custom_command(
      OUTPUT ${outputs}
      COMMAND protobuf::protoc
      ARGS --proto_path=${proto_root} --cpp_out=${out_dir} ${plugin_args}
           ${proto_root}/${proto}
      DEPENDS ${proto_root}/${proto} protobuf::protoc
      COMMENT "protoc ${proto}"
      VERBATIM)
    list(APPEND sources ${outputs})
  endforeach()
  if(ARG_SHARED)
    add_library(${ARG_NAME} SHARED ${sources})
  else()
    add_library(${ARG_NAME} STATIC ${sources})
  endif()
  target_include_directories(${ARG_NAME} PUBLIC $<BUILD_INTERFACE:${out_dir}>)
  target_link_libraries(${ARG_NAME} PUBLIC protobuf::libprotobuf ${ARG_DEPS})
  if(ARG_GRPC)
    target_link_libraries(${ARG_NAME} PUBLIC gRPC::grpc++)
  endif()
endfunction()
